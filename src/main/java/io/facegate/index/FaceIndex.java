package io.facegate.index;

import com.github.jelmerk.knn.ProgressListener;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The in-memory gallery of L2-normalized face embeddings, searched by cosine (dot product).
 *
 * <p>Every vector is in {@link GalleryMatrix} (one contiguous float array), which alone can answer
 * any search exactly; from {@link Shortlist#from()} embeddings the scan first shortlists rows by
 * binary code and scores only those (approximate, measured recall). From {@code graphFrom}
 * embeddings, if configured, an HNSW graph (jelmerk, its own copy of each vector) answers instead. The graph is never built on the caller's thread: a
 * build runs on this index's own background thread while searches keep using the exact scan
 * (correct, slower) and changes keep landing in the matrix and in a pending list; when the build is
 * done the pending changes are replayed into it and it is swapped in under the write lock. Crossing
 * the threshold at run time therefore stalls neither searches nor writes.
 *
 * <p>Deleting removes from the matrix only; the graph keeps the node as a tombstone (a waypoint for
 * navigation) and every graph hit is checked against the matrix, so a deleted person is never
 * returned. Snapshots ({@link IndexSnapshot}) let a boot load the graph instead of building it: the
 * index knows which gallery change sequence it reflects ({@link ChangeSequence}) and writes one only
 * when it equals SQLite at that sequence; while the file is written the graph is frozen, searches
 * use it plus an exact scan of the few embeddings added meanwhile.
 *
 * <p>Thread-safe: searches share a read lock, changes take the write lock, so a search never sees a
 * person half added or half removed.
 */
public final class FaceIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FaceIndex.class);
  private static final int INITIAL_CAPACITY = 1024;
  /** Pending additions replayed under the write lock at the end of a catch-up; more are replayed outside it first. */
  private static final int REPLAY_UNDER_LOCK = 32;

  private final int dimensions;
  private final int graphFrom;
  private final Shortlist shortlist;
  private final HnswParams params;
  private final GalleryMatrix matrix;
  /** Embedding ids per person. */
  private final Map<String, List<Long>> byPerson = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final ChangeSequence changes = new ChangeSequence();
  /** Builds and snapshot writes, one at a time, never on a caller's (event loop) thread. */
  private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "facegate-index");
    t.setDaemon(true);
    return t;
  });
  private int size;

  // Graph state, guarded by the lock.
  /** The graph searches use, or null (exact scan). */
  private HnswIndex<Long, float[], Embedding, Float> graph;
  /** A build is running: the new graph is not yet in {@link #graph}. */
  private boolean building;
  /** {@link #graph} is being written to a snapshot and must not change. */
  private boolean frozen;
  /** Additions not yet in the graph being built or frozen, oldest first. */
  private final List<Embedding> pending = new ArrayList<>();
  /** Deleted embeddings still in the graph as waypoints. */
  private int tombstones;
  /** Completes when a graph first goes live. */
  private final CompletableFuture<Void> graphLive = new CompletableFuture<>();
  private boolean loadedFromSnapshot;
  /** The sequence of the last snapshot written or loaded, -1 if none. */
  private long snapshotSeq = -1;

  public FaceIndex(int dimensions, HnswParams params, int graphFrom) {
    this(dimensions, params, graphFrom, Shortlist.OFF);
  }

  public FaceIndex(int dimensions, HnswParams params, int graphFrom, Shortlist shortlist) {
    this.dimensions = dimensions;
    this.graphFrom = graphFrom;
    this.shortlist = shortlist;
    this.params = params;
    this.matrix = new GalleryMatrix(dimensions, INITIAL_CAPACITY);
  }

  /**
   * Boot: every stored embedding of the model, reflecting gallery change sequence {@code seq}. Fills
   * the matrix only; then call {@link #adopt} with a loaded snapshot or {@link #buildGraphIfLarge}.
   */
  public void load(Collection<GalleryEntry> entries, long seq) {
    entries.forEach(e -> checked(e.vector()));
    lock.writeLock().lock();
    try {
      for (GalleryEntry e : entries) {
        byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
      }
      matrix.addAll(List.copyOf(entries));
      size += entries.size();
      changes.start(seq);
    } finally {
      lock.writeLock().unlock();
    }
  }

  public void add(long embeddingId, String username, float[] vector) {
    addAll(List.of(new GalleryEntry(embeddingId, username, vector)));
  }

  /** Adds embeddings whose change sequence is unknown (tests, benchmarks): this index then never writes a snapshot. */
  public void addAll(Collection<GalleryEntry> entries) {
    apply(entries, () -> changes.untracked());
  }

  /**
   * Adds the embeddings an enrollment stored; its transaction committed change sequence
   * {@code seq} after changing {@code rows} embedding rows. Embedding ids must be new (the store
   * never reuses one).
   */
  public void addAll(Collection<GalleryEntry> entries, long seq, int rows) {
    apply(entries, () -> changes.applied(seq, rows));
  }

  private void apply(Collection<GalleryEntry> entries, Runnable track) {
    entries.forEach(e -> checked(e.vector()));
    lock.writeLock().lock();
    try {
      List<Embedding> added = new ArrayList<>(entries.size());
      for (GalleryEntry e : entries) {
        byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
        matrix.add(e.embeddingId(), e.username(), e.vector()); // copied into the matrix
        added.add(new Embedding(e.embeddingId(), e.vector().clone())); // the graph's own copy
      }
      size += entries.size();
      track.run();
      if (building || frozen) {
        pending.addAll(added);
      } else if (graph != null) {
        insert(graph, added);
      } else if (size >= graphFrom) {
        startBuild();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Removes every embedding of {@code username} (change sequence unknown); returns how many there were. */
  public int removePerson(String username) {
    return remove(username, () -> changes.untracked());
  }

  /** Removes every embedding of {@code username}, a delete that committed {@code seq} after changing {@code rows} rows. */
  public int removePerson(String username, long seq, int rows) {
    return remove(username, () -> changes.applied(seq, rows));
  }

  private int remove(String username, Runnable track) {
    lock.writeLock().lock();
    try {
      track.run();
      List<Long> removed = byPerson.remove(username);
      if (removed == null) {
        return 0;
      }
      removed.forEach(matrix::remove);
      if (graph != null || building) {
        tombstones += removed.size(); // approximate while building: some may never reach the graph
      }
      size -= removed.size();
      return removed.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Starts a build on the background thread if the gallery is large enough and has no graph. */
  public void buildGraphIfLarge() {
    lock.writeLock().lock();
    try {
      if (graph == null && !building && size >= graphFrom) {
        startBuild();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Under the write lock. */
  private void startBuild() {
    building = true;
    pending.clear();
    List<Embedding> items = matrix.embeddings();
    LOG.info("building the HNSW graph of {} embeddings in the background (M={}, efConstruction={}, {} threads, "
        + "{} dot product); searches use the exact scan until it is done", items.size(), params.m(),
        params.efConstruction(), threads(), Dot.kind());
    background.execute(() -> build(items));
  }

  private void build(List<Embedding> items) {
    long started = System.nanoTime();
    try {
      HnswIndex<Long, float[], Embedding, Float> built = newGraph(Math.max(INITIAL_CAPACITY, items.size() * 2));
      built.addAll(items, threads(), new Progress(items.size()), Math.max(1, items.size() / 10));
      LOG.info("HNSW graph of {} embeddings built in {} s", items.size(), (System.nanoTime() - started) / 1_000_000_000L);
      catchUpAndInstall(built);
    } catch (Throwable e) { // an OutOfMemoryError here must leave the exact scan serving, not a dead index
      if (e instanceof InterruptedException) {
        LOG.info("HNSW build abandoned (index closed)");
      } else {
        LOG.error("building the HNSW graph failed; searches keep using the exact scan", e);
      }
      graphLive.completeExceptionally(e);
      lock.writeLock().lock();
      try {
        building = false;
        pending.clear();
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /**
   * Replays the additions made since {@code target} stopped taking changes, outside the lock while
   * there are many, then the last few under it, and makes {@code target} the live graph.
   */
  private void catchUpAndInstall(HnswIndex<Long, float[], Embedding, Float> target) throws InterruptedException {
    while (true) {
      List<Embedding> batch;
      lock.writeLock().lock();
      try {
        if (pending.size() <= REPLAY_UNDER_LOCK) {
          insert(target, live(pending));
          pending.clear();
          graph = target;
          building = false;
          frozen = false;
          graphLive.complete(null);
          return;
        }
        batch = live(pending);
        ensureCapacity(target, target.size() + batch.size());
      } finally {
        lock.writeLock().unlock();
      }
      // Outside the lock: jelmerk's graph takes concurrent searches and insertions.
      target.addAll(batch, threads(), new Progress(batch.size()), Integer.MAX_VALUE);
      lock.writeLock().lock();
      try {
        pending.subList(0, batch.size()).clear();
      } finally {
        lock.writeLock().unlock();
      }
    }
  }

  /** The pending additions still in the matrix (not deleted meanwhile). Under the lock. */
  private List<Embedding> live(List<Embedding> additions) {
    return additions.stream().filter(e -> matrix.contains(e.id())).toList();
  }

  /** Under the write lock. */
  private void insert(HnswIndex<Long, float[], Embedding, Float> target, List<Embedding> items) {
    if (items.isEmpty()) {
      return;
    }
    ensureCapacity(target, target.size() + items.size());
    if (items.size() == 1) {
      target.add(items.get(0));
      return;
    }
    try {
      // Parallel insertion starts a thread pool per call: worth it for many, not for one enrollment.
      target.addAll(items, threads(), new Progress(items.size()), Integer.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding to the index", e);
    }
  }

  /** The graph has a fixed capacity; grow it geometrically so inserts stay amortized O(1) in resizes. */
  private static void ensureCapacity(HnswIndex<Long, float[], Embedding, Float> target, int needed) {
    int capacity = target.getMaxItemCount();
    if (needed > capacity) {
      target.resize(Math.max(needed, capacity * 2));
    }
  }

  private HnswIndex<Long, float[], Embedding, Float> newGraph(int capacity) {
    return HnswIndex.<float[], Float>newBuilder(dimensions, new InnerProductDistance(), capacity)
        .withM(params.m())
        .withEfConstruction(params.efConstruction())
        .withEf(params.ef())
        .withCustomSerializers(new Embedding.IdSerializer(), new Embedding.Serializer())
        .build();
  }

  private static int threads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Boot: takes a graph loaded from a snapshot if it holds exactly the matrix's vectors (bit for
   * bit) plus at most a quarter more deleted ones. Returns false (and changes nothing) otherwise.
   */
  boolean adopt(HnswIndex<Long, float[], Embedding, Float> loaded, long seq) {
    lock.writeLock().lock();
    try {
      if (graph != null || building) {
        return false;
      }
      long[] ids = matrix.ids();
      for (long id : ids) {
        Optional<Embedding> item = loaded.get(id);
        if (item.isEmpty() || !matrix.holds(id, item.get().vector())) {
          LOG.warn("index snapshot does not hold embedding {} as stored; not used", id);
          return false;
        }
      }
      int dead = loaded.size() - ids.length;
      if (dead > ids.length / 4) {
        LOG.info("index snapshot holds {} deleted embeddings beside {} live ones; rebuilding instead", dead, ids.length);
        return false;
      }
      loaded.setEf(params.ef());
      graph = loaded;
      loadedFromSnapshot = true;
      tombstones = dead;
      snapshotSeq = seq;
      graphLive.complete(null);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * Boot: loads the snapshot at {@code file} when its header equals {@code expected} and it is
   * intact, and adopts it; otherwise starts a background build if the gallery is large enough.
   * Returns why the snapshot was not used, or empty when it was. Blocks: call it on a worker.
   */
  public Optional<String> loadSnapshotOrBuild(Path file, IndexSnapshot.Header expected) {
    if (size() < graphFrom) {
      return Optional.of("gallery below index_graph_from: no graph needed");
    }
    String reason;
    try {
      long started = System.nanoTime();
      HnswIndex<Long, float[], Embedding, Float> loaded = IndexSnapshot.read(file, expected);
      if (adopt(loaded, expected.seq())) {
        LOG.info("index snapshot {} loaded in {} ms (seq {})", file, (System.nanoTime() - started) / 1_000_000,
            expected.seq());
        return Optional.empty();
      }
      reason = "snapshot does not hold the stored vectors";
    } catch (IndexSnapshot.Stale e) {
      reason = e.getMessage();
    } catch (IOException | RuntimeException e) {
      reason = "snapshot unreadable: " + e;
    }
    LOG.info("index snapshot not used ({}); building the graph in the background", reason);
    buildGraphIfLarge();
    return Optional.of(reason);
  }

  /** Which header a snapshot written now would carry, with the given embedder and lineage. */
  public IndexSnapshot.Header header(String embedderId, String lineage, long seq) {
    return new IndexSnapshot.Header(embedderId, lineage, seq, dimensions, params.m(), params.efConstruction());
  }

  /**
   * Writes the live graph to {@code file} if it reflects a known gallery state ({@link
   * ChangeSequence#settled()}) not already written; returns the sequence written. Runs on the
   * background thread; searches and changes go on meanwhile (the graph is frozen, see the class doc).
   */
  public CompletableFuture<Optional<Long>> writeSnapshot(Path file, String embedderId, String lineage) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return writeSnapshotNow(file, embedderId, lineage);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, background);
  }

  private Optional<Long> writeSnapshotNow(Path file, String embedderId, String lineage) throws IOException {
    HnswIndex<Long, float[], Embedding, Float> target;
    long seq;
    lock.writeLock().lock();
    try {
      if (graph == null || building || frozen || !changes.settled() || changes.watermark() == snapshotSeq) {
        return Optional.empty();
      }
      frozen = true;
      target = graph;
      seq = changes.watermark();
    } finally {
      lock.writeLock().unlock();
    }
    long started = System.nanoTime();
    try {
      IndexSnapshot.write(file, header(embedderId, lineage, seq), target);
    } finally {
      try {
        catchUpAndInstall(target);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.writeLock().lock();
    try {
      snapshotSeq = seq;
    } finally {
      lock.writeLock().unlock();
    }
    LOG.info("index snapshot written to {} in {} ms (seq {}, {} embeddings)", file,
        (System.nanoTime() - started) / 1_000_000, seq, target.size());
    return Optional.of(seq);
  }

  /** Completes when a graph is live (built or loaded); never, if the gallery stays below the threshold. */
  public CompletableFuture<Void> graphLive() {
    return graphLive;
  }

  /** Candidates kept while searching the graph (HNSW ef), for benchmarks trying several on one build. */
  public void setEf(int ef) {
    lock.writeLock().lock();
    try {
      if (graph != null) {
        graph.setEf(ef);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Which dot product kernel runs: "vector-api" or "scalar". */
  public static String kernel() {
    return Dot.kind();
  }

  /** Blocks until the build or snapshot write running or queued now has finished (tests, synth). */
  public void awaitBackgroundWork() {
    try {
      background.submit(() -> { }).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether the live graph came from a snapshot (rather than a build). */
  public boolean fromSnapshot() {
    return read(() -> graph != null && loadedFromSnapshot);
  }

  /** Whether searches scan a binary-code shortlist now (when no graph is in use). */
  public boolean shortlisted() {
    return read(() -> shortlist.appliesTo(size));
  }

  /** Whether searches go through the graph now. */
  public boolean graphInUse() {
    return read(() -> graph != null && size >= graphFrom);
  }

  /** Changes applied since the last snapshot (by sequence); 0 when none or not tracked. */
  public long changesSinceSnapshot() {
    return read(() -> snapshotSeq < 0 ? changes.watermark() : changes.watermark() - snapshotSeq);
  }

  /**
   * The people most similar to {@code query}, best first, at most {@code topPeople}. A person's
   * score is their best embedding's, so someone enrolled with five photos is one candidate.
   */
  public List<Candidate> identify(float[] query, int topPeople) {
    return search(query, topPeople, true);
  }

  /**
   * As {@link #identify}, but never spreading an exact scan over the other cores: for background work
   * (the identification threshold's measurement) that must leave them to requests.
   */
  public List<Candidate> identifyOnThisThread(float[] query, int topPeople) {
    return search(query, topPeople, false);
  }

  private List<Candidate> search(float[] query, int topPeople, boolean spreadExactScan) {
    checked(query);
    if (topPeople < 1) {
      throw new IllegalArgumentException("topPeople must be at least 1");
    }
    lock.readLock().lock();
    try {
      if (size >= graphFrom && graph != null) {
        return identifyInGraph(query, topPeople);
      }
      if (shortlist.appliesTo(size)) {
        return matrix.topPeopleShortlisted(query, topPeople, shortlist.size(), spreadExactScan);
      }
      return spreadExactScan ? matrix.topPeople(query, topPeople) : matrix.topPeopleOnThisThread(query, topPeople);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Under the read lock. */
  private List<Candidate> identifyInGraph(float[] query, int topPeople) {
    // Enough neighbours that people with several close embeddings (or deleted ones) don't crowd out the runners-up.
    int k = Math.max(topPeople * 8, 32);
    Map<String, Float> best = new HashMap<>();
    for (SearchResult<Embedding, Float> hit : graph.findNearest(query, k)) {
      String owner = matrix.owner(hit.item().id()); // null: deleted, a tombstone
      if (owner != null) {
        best.merge(owner, 1f - hit.distance(), Math::max);
      }
    }
    for (Embedding added : pending) { // only while the graph is frozen for a snapshot: the few added meanwhile
      String owner = matrix.owner(added.id());
      if (owner != null) {
        best.merge(owner, Dot.dot(query, added.vector()), Math::max);
      }
    }
    return best.entrySet().stream()
        .map(e -> new Candidate(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Candidate::score).reversed())
        .limit(topPeople)
        .toList();
  }

  /** The exact answer by a full scan whatever the size, to measure the graph's recall against. */
  public List<Candidate> identifyExactly(float[] query, int topPeople) {
    checked(query);
    return read(() -> matrix.topPeople(query, topPeople));
  }

  /** A copy of a stored vector, or null: benchmarks make probes near stored people. */
  public float[] vectorOf(long embeddingId) {
    return read(() -> matrix.vector(embeddingId));
  }

  /** The exact best score of {@code query} against {@code username}'s embeddings (1:1 verification). */
  public OptionalDouble scorePerson(String username, float[] query) {
    checked(query);
    lock.readLock().lock();
    try {
      List<Long> ids = byPerson.get(username);
      if (ids == null) {
        return OptionalDouble.empty();
      }
      float best = Float.NEGATIVE_INFINITY;
      for (long id : ids) {
        best = Math.max(best, matrix.score(id, query));
      }
      return OptionalDouble.of(best);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether anyone by this name is enrolled. */
  public boolean contains(String username) {
    return read(() -> byPerson.containsKey(username));
  }

  /** The ids of every embedding held, ascending: compared with the store's by the consistency check. */
  public long[] embeddingIds() {
    lock.readLock().lock();
    try {
      long[] ids = matrix.ids();
      Arrays.sort(ids);
      return ids;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Up to {@code max} people picked at random, one embedding each (copied): the gallery's own
   * stand-ins for strangers when the identification threshold is measured.
   */
  public List<GalleryEntry> samplePeople(int max, Random random) {
    lock.readLock().lock();
    try {
      List<String> people = new ArrayList<>(byPerson.keySet());
      people.sort(null); // HashMap order is not reproducible; a seeded sample should be
      Collections.shuffle(people, random);
      List<GalleryEntry> sample = new ArrayList<>(Math.min(max, people.size()));
      for (String person : people.subList(0, Math.min(max, people.size()))) {
        long id = byPerson.get(person).get(0);
        sample.add(new GalleryEntry(id, person, matrix.vector(id)));
      }
      return sample;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of embeddings. */
  public int size() {
    return read(() -> size);
  }

  /** Number of people with at least one embedding. */
  public int people() {
    return read(() -> byPerson.size());
  }

  /** Deleted embeddings the graph still holds as waypoints (a rebuild drops them). */
  public int tombstones() {
    return read(() -> tombstones);
  }

  /** {@code value} computed under the read lock: a consistent view while changes wait. */
  private <T> T read(Supplier<T> value) {
    lock.readLock().lock();
    try {
      return value.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Stops the background thread; a build in progress is abandoned (the exact scan keeps answering). */
  @Override
  public void close() {
    background.shutdownNow();
    try {
      background.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private float[] checked(float[] vector) {
    if (vector.length != dimensions) {
      throw new IllegalArgumentException("expected a " + dimensions + "-D vector, got " + vector.length);
    }
    return vector;
  }

  /** Logs a long insertion's progress about every tenth. */
  private static final class Progress implements ProgressListener {
    private final int total;

    Progress(int total) {
      this.total = total;
    }

    @Override
    public void updateProgress(int workDone, int max) {
      if (total >= 100_000) {
        LOG.info("HNSW insertion: {} of {}", workDone, max);
      }
    }
  }
}
