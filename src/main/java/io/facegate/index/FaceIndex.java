package io.facegate.index;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
 * The in-memory gallery of L2-normalized face embeddings, searched by cosine (dot product): every
 * vector is in one {@link EmbeddingMatrix}, and each search goes to one {@link PeopleSearch},
 * chosen by gallery size: the optional HNSW graph ({@link GraphKeeper}, saved by {@link
 * GraphSnapshots}) once live, else the binary-code {@link ShortlistScan} from {@link
 * Shortlist#from()} embeddings, else the {@link ExactScan}.
 *
 * <p>Thread-safe: searches share a read lock, changes take the write lock, so a search never sees a
 * person, or a batch of changes, half applied.
 */
public final class FaceIndex implements AutoCloseable {
  private static final int INITIAL_CAPACITY = 1024;

  private final int dimensions;
  private final Shortlist shortlist;
  private final EmbeddingMatrix matrix;
  private final ExactScan exact;
  private final ShortlistScan shortlisted;

  /** Embedding ids per person. */
  private final Map<String, List<Long>> byPerson = new HashMap<>();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** Graph builds and snapshot writes, one at a time, never on a caller's (event loop) thread. */
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "facegate-index");
            t.setDaemon(true);
            return t;
          });

  private final GraphKeeper graph;
  private final GraphSnapshots snapshots;

  public FaceIndex(int dimensions, HnswParams params, int graphFrom) {
    this(dimensions, params, graphFrom, Shortlist.OFF);
  }

  /**
   * {@code graphFrom}: the gallery size from which the HNSW graph answers; {@link
   * Integer#MAX_VALUE} for never.
   */
  public FaceIndex(int dimensions, HnswParams params, int graphFrom, Shortlist shortlist) {
    this.dimensions = dimensions;
    this.shortlist = shortlist;
    this.matrix = new EmbeddingMatrix(dimensions, INITIAL_CAPACITY);
    this.exact = new ExactScan(matrix);
    this.shortlisted = new ShortlistScan(matrix, shortlist.size());
    this.graph = new GraphKeeper(dimensions, params, graphFrom, matrix, lock, background);
    this.snapshots = new GraphSnapshots(dimensions, graph, lock, background);
  }

  /**
   * Boot: every stored embedding of the model, reflecting gallery change sequence {@code seq}.
   * Fills the matrix only; then call {@link #loadSnapshotOrBuild} or {@link #buildGraphIfLarge}.
   */
  public void load(Collection<IndexedEmbedding> entries, long seq) {
    entries.forEach(e -> checked(e.vector()));
    write(
        () -> {
          for (IndexedEmbedding e : entries) {
            byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
          }
          matrix.addAll(List.copyOf(entries));
          snapshots.changes.start(seq);
        });
  }

  public void add(long embeddingId, String username, float[] vector) {
    addAll(List.of(new IndexedEmbedding(embeddingId, username, vector)));
  }

  /**
   * Adds embeddings whose change sequence is unknown (tests, benchmarks): this index then never
   * writes a snapshot.
   */
  public void addAll(Collection<IndexedEmbedding> entries) {
    apply(additions(entries));
  }

  /**
   * Adds the embeddings an enrollment stored; its transaction committed change sequence {@code seq}
   * after changing {@code rows} embedding rows.
   */
  public void addAll(Collection<IndexedEmbedding> entries, long seq, int rows) {
    apply(additions(entries), seq, rows);
  }

  private static List<IndexChange> additions(Collection<IndexedEmbedding> entries) {
    return entries.stream().<IndexChange>map(IndexChange.Add::new).toList();
  }

  /**
   * Applies {@code changes} in order, all at once for searches (change sequence unknown, as {@link
   * #addAll}).
   */
  public void apply(List<IndexChange> changes) {
    apply(changes, snapshots.changes::untracked);
  }

  /**
   * Applies {@code changes} in order, all at once for searches: a transaction (or a replicated
   * batch) that committed change sequence {@code seq} after changing {@code rows} embedding rows.
   */
  public void apply(List<IndexChange> changes, long seq, int rows) {
    apply(changes, () -> snapshots.changes.applied(seq, rows));
  }

  private void apply(List<IndexChange> changes, Runnable track) {
    validate(changes);
    write(
        () -> {
          applyLocked(changes);
          track.run();
        });
  }

  /**
   * Removes every embedding of {@code username} (change sequence unknown); returns how many there
   * were.
   */
  public int removePerson(String username) {
    return removePerson(username, snapshots.changes::untracked);
  }

  /**
   * Removes every embedding of {@code username}, a delete that committed {@code seq} after changing
   * {@code rows} rows.
   */
  public int removePerson(String username, long seq, int rows) {
    return removePerson(username, () -> snapshots.changes.applied(seq, rows));
  }

  private int removePerson(String username, Runnable track) {
    lock.writeLock().lock();
    try {
      List<Long> ids = byPerson.getOrDefault(username, List.of());
      int count = ids.size();
      applyLocked(ids.stream().<IndexChange>map(IndexChange.Remove::new).toList());
      track.run();
      return count;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Checks dimensions outside the lock; ids against the matrix under it ({@link #newIds}). */
  private void validate(List<IndexChange> changes) {
    for (IndexChange change : changes) {
      if (change instanceof IndexChange.Add add) {
        checked(add.embedding().vector());
      }
    }
  }

  /**
   * Under the write lock: the ids {@code changes} add, sorted; fails before anything changes if one
   * is held already or added twice (the store never reuses an id).
   */
  private long[] newIds(List<IndexChange> changes) {
    long[] ids =
        changes.stream()
            .filter(IndexChange.Add.class::isInstance)
            .mapToLong(c -> ((IndexChange.Add) c).embedding().embeddingId())
            .sorted()
            .toArray();
    for (int i = 0; i < ids.length; i++) {
      if (matrix.contains(ids[i]) || (i > 0 && ids[i] == ids[i - 1])) {
        throw new IllegalArgumentException("embedding " + ids[i] + " is already in the index");
      }
    }
    return ids;
  }

  /** Under the write lock. */
  private void applyLocked(List<IndexChange> changes) {
    long[] addedIds = newIds(changes);
    matrix.reserve(addedIds.length);
    List<IndexedEmbedding> added = new ArrayList<>(addedIds.length);
    int removedFromGraph = 0;
    for (IndexChange change : changes) {
      if (change instanceof IndexChange.Add add) {
        IndexedEmbedding e = add.embedding();
        byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
        matrix.add(e.embeddingId(), e.username(), e.vector());
        added.add(e);
      } else if (change instanceof IndexChange.Remove remove
          && removeEmbedding(remove.embeddingId())) {
        removedFromGraph += Arrays.binarySearch(addedIds, remove.embeddingId()) < 0 ? 1 : 0;
      }
    }
    graph.added(
        added.stream().filter(e -> matrix.contains(e.embeddingId())).toList(), matrix.rows());
    graph.removed(removedFromGraph);
  }

  /** Under the write lock; false if the index does not hold {@code id}. */
  private boolean removeEmbedding(long id) {
    String owner = matrix.owner(id);
    if (owner == null) {
      return false;
    }
    List<Long> ids = byPerson.get(owner);
    ids.remove(Long.valueOf(id));
    if (ids.isEmpty()) {
      byPerson.remove(owner);
    }
    matrix.remove(id);
    return true;
  }

  /**
   * Starts a graph build on the background thread if the gallery is large enough and has no graph.
   */
  public void buildGraphIfLarge() {
    write(() -> graph.buildIfLarge(matrix.rows()));
  }

  /**
   * Boot: loads the snapshot at {@code file} when its header equals {@code expected} and it is
   * intact, and adopts it; otherwise starts a background build if the gallery is large enough.
   * Returns why the snapshot was not used, or empty when it was. Blocks: call it on a worker.
   */
  public Optional<String> loadSnapshotOrBuild(Path file, IndexSnapshot.Header expected) {
    return snapshots.loadOrBuild(file, expected, size());
  }

  /** Which header a snapshot written now would carry, with the given embedder and lineage. */
  public IndexSnapshot.Header header(String embedderId, String lineage, long seq) {
    return snapshots.header(embedderId, lineage, seq);
  }

  /**
   * Writes the live graph to {@code file} if it reflects a known gallery state not already written;
   * completes with the sequence written. Runs on the background thread; searches and changes go on.
   */
  public CompletableFuture<Optional<Long>> writeSnapshot(
      Path file, String embedderId, String lineage) {
    return snapshots.write(file, embedderId, lineage);
  }

  /**
   * Completes when a graph is live (built or loaded); never, if the gallery stays below the
   * threshold.
   */
  public CompletableFuture<Void> graphLive() {
    return graph.live();
  }

  /**
   * Candidates kept while searching the graph (HNSW ef), for benchmarks trying several on one
   * build.
   */
  public void setEf(int ef) {
    write(() -> graph.setEf(ef));
  }

  /** Which dot product kernel runs: "vector-api" or "scalar". */
  public static String kernel() {
    return DotProduct.kind();
  }

  /** Blocks until the build or snapshot write running or queued now has finished (tests, synth). */
  public void awaitBackgroundWork() {
    try {
      background.submit(() -> {}).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Whether the live graph came from a snapshot (rather than a build). */
  public boolean fromSnapshot() {
    return read(graph::fromSnapshot);
  }

  /** Whether searches scan a binary-code shortlist now (when no graph is in use). */
  public boolean shortlisted() {
    return read(() -> shortlist.appliesTo(matrix.rows()));
  }

  /** Whether searches go through the graph now. */
  public boolean graphInUse() {
    return read(() -> graph.searchFor(matrix.rows()).isPresent());
  }

  /** Changes applied since the last snapshot (by sequence); 0 when none or not tracked. */
  public long changesSinceSnapshot() {
    return read(snapshots::changesSinceWritten);
  }

  /**
   * The people most similar to {@code query}, best first, at most {@code topPeople}. A person's
   * score is their best embedding's, so someone enrolled with five photos is one candidate.
   */
  public List<Candidate> identify(float[] query, int topPeople) {
    return search(query, topPeople, true);
  }

  /**
   * As {@link #identify}, but never spreading a scan over the other cores: for background work (the
   * identification threshold's measurement) that must leave them to requests.
   */
  public List<Candidate> identifyOnThisThread(float[] query, int topPeople) {
    return search(query, topPeople, false);
  }

  private List<Candidate> search(float[] query, int topPeople, boolean spread) {
    checked(query);
    if (topPeople < 1) {
      throw new IllegalArgumentException("topPeople must be at least 1");
    }
    return read(() -> strategy().topPeople(query, topPeople, spread));
  }

  /** Under the read lock. */
  private PeopleSearch strategy() {
    int rows = matrix.rows();
    return graph.searchFor(rows).orElse(shortlist.appliesTo(rows) ? shortlisted : exact);
  }

  /**
   * The exact answer by a full scan whatever the size, to measure the other searches' recall
   * against.
   */
  public List<Candidate> identifyExactly(float[] query, int topPeople) {
    checked(query);
    return read(() -> exact.topPeople(query, topPeople, true));
  }

  /** A copy of a stored vector, or null: benchmarks make probes near stored people. */
  public float[] vectorOf(long embeddingId) {
    return read(() -> matrix.vector(embeddingId));
  }

  /**
   * The exact best score of {@code query} against {@code username}'s embeddings (1:1 verification).
   */
  public OptionalDouble scorePerson(String username, float[] query) {
    checked(query);
    return read(
        () -> {
          List<Long> ids = byPerson.get(username);
          if (ids == null) {
            return OptionalDouble.empty();
          }
          float best = Float.NEGATIVE_INFINITY;
          for (long id : ids) {
            best = Math.max(best, matrix.score(id, query));
          }
          return OptionalDouble.of(best);
        });
  }

  /** Whether anyone by this name is enrolled. */
  public boolean contains(String username) {
    return read(() -> byPerson.containsKey(username));
  }

  /**
   * The ids of every embedding held, ascending: compared with the store's by the consistency check.
   */
  public long[] embeddingIds() {
    long[] ids = read(matrix::ids);
    Arrays.sort(ids);
    return ids;
  }

  /**
   * Up to {@code max} people picked at random, one embedding each (copied): the gallery's own
   * stand-ins for strangers when the identification threshold is measured.
   */
  public List<IndexedEmbedding> samplePeople(int max, Random random) {
    return read(
        () -> {
          List<String> people = new ArrayList<>(byPerson.keySet());
          people.sort(null); // HashMap order is not reproducible; a seeded sample should be
          Collections.shuffle(people, random);
          List<IndexedEmbedding> sample = new ArrayList<>(Math.min(max, people.size()));
          for (String person : people.subList(0, Math.min(max, people.size()))) {
            long id = byPerson.get(person).get(0);
            sample.add(new IndexedEmbedding(id, person, matrix.vector(id)));
          }
          return sample;
        });
  }

  /** Number of embeddings. */
  public int size() {
    return read(matrix::rows);
  }

  /** Number of people with at least one embedding. */
  public int people() {
    return read(byPerson::size);
  }

  /** Deleted embeddings the graph still holds as waypoints (a rebuild drops them). */
  public int tombstones() {
    return read(graph::tombstones);
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

  /** {@code change} made under the write lock: searches see all of it or none. */
  private void write(Runnable change) {
    lock.writeLock().lock();
    try {
      change.run();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Stops the background thread; a build in progress is abandoned (the scans keep answering). */
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
      throw new IllegalArgumentException(
          "expected a " + dimensions + "-D vector, got " + vector.length);
    }
    return vector;
  }
}
