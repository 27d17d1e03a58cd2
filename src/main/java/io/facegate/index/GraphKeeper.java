package io.facegate.index;

import com.github.jelmerk.knn.ProgressListener;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optional HNSW graph, kept in step with the matrix. It is never built on the caller's thread:
 * a build runs on the index's background thread while searches use the scans, and changes made
 * meanwhile wait in a pending list that is replayed before the graph is swapped in under the write
 * lock. The same replay follows a snapshot write, during which the graph is frozen. Deleting leaves
 * the node in the graph as a tombstone (a waypoint); {@link GraphSearch} drops such hits.
 *
 * <p>Guarded by the {@link FaceIndex}'s lock: methods marked "under the write lock" expect the
 * caller to hold it, the others take it themselves.
 */
final class GraphKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(GraphKeeper.class);
  private static final int INITIAL_CAPACITY = 1024;

  /**
   * Pending additions replayed under the write lock at the end of a catch-up; more are replayed
   * outside it first.
   */
  private static final int REPLAY_UNDER_LOCK = 32;

  private final int dimensions;
  private final HnswParams params;
  private final int from;
  private final EmbeddingMatrix matrix;
  private final ReadWriteLock lock;
  private final Executor background;

  /** The graph searches use, or null. */
  private HnswIndex<Long, float[], Embedding, Float> graph;

  private GraphSearch search;

  /** A build is running: the new graph is not yet in {@link #graph}. */
  private boolean building;

  /** {@link #graph} is being written to a snapshot and must not change. */
  private boolean frozen;

  /** Additions not yet in the graph being built or frozen, oldest first. */
  private final List<Embedding> pending = new ArrayList<>();

  /** Deleted embeddings still in the graph as waypoints. */
  private int tombstones;

  private boolean loadedFromSnapshot;

  /** Completes when a graph first goes live. */
  private final CompletableFuture<Void> live = new CompletableFuture<>();

  /**
   * A graph for galleries of {@code from} embeddings or more ({@link Integer#MAX_VALUE}: never).
   */
  GraphKeeper(
      int dimensions,
      HnswParams params,
      int from,
      EmbeddingMatrix matrix,
      ReadWriteLock lock,
      Executor background) {
    this.dimensions = dimensions;
    this.params = params;
    this.from = from;
    this.matrix = matrix;
    this.lock = lock;
    this.background = background;
  }

  /**
   * The graph search when a graph is live and the gallery of {@code size} is large enough for it.
   * Under the lock.
   */
  Optional<PeopleSearch> searchFor(int size) {
    return graph != null && size >= from ? Optional.of(search) : Optional.empty();
  }

  /** Embeddings just added to the matrix, the gallery now {@code size}. Under the write lock. */
  void added(List<IndexedEmbedding> entries, int size) {
    if (building || frozen) {
      pending.addAll(items(entries));
    } else if (graph != null) {
      insert(graph, items(entries));
    } else if (size >= from) {
      startBuild();
    }
  }

  /** Graph items with their own copies of the vectors (the caller's arrays may change). */
  private static List<Embedding> items(List<IndexedEmbedding> entries) {
    return entries.stream().map(e -> new Embedding(e.embeddingId(), e.vector().clone())).toList();
  }

  /** {@code count} embeddings just removed from the matrix. Under the write lock. */
  void removed(int count) {
    if (graph != null || building) {
      tombstones += count; // approximate while building: some may never reach the graph
    }
  }

  /**
   * Starts a build if the gallery of {@code size} is large enough and has no graph. Under the write
   * lock.
   */
  void buildIfLarge(int size) {
    if (graph == null && !building && size >= from) {
      startBuild();
    }
  }

  /**
   * Whether a gallery of {@code size} embeddings is searched through the graph once there is one.
   */
  boolean wanted(int size) {
    return size >= from;
  }

  private void startBuild() {
    building = true;
    pending.clear();
    List<Embedding> items = matrix.embeddings();
    LOG.info(
        "building the HNSW graph of {} embeddings in the background (M={}, efConstruction={}, {} threads, "
            + "{} dot product); searches use the scan until it is done",
        items.size(),
        params.m(),
        params.efConstruction(),
        threads(),
        DotProduct.kind());
    background.execute(() -> build(items));
  }

  private void build(List<Embedding> items) {
    long started = System.nanoTime();
    try {
      HnswIndex<Long, float[], Embedding, Float> built =
          newGraph(Math.max(INITIAL_CAPACITY, items.size() * 2));
      built.addAll(items, threads(), new Progress(items.size()), Math.max(1, items.size() / 10));
      LOG.info(
          "HNSW graph of {} embeddings built in {} s",
          items.size(),
          (System.nanoTime() - started) / 1_000_000_000L);
      catchUpAndInstall(built);
    } catch (
        Throwable e) { // an OutOfMemoryError here must leave the scan serving, not a dead index
      if (e instanceof InterruptedException) {
        LOG.info("HNSW build abandoned (index closed)");
      } else {
        LOG.error("building the HNSW graph failed; searches keep using the scan", e);
      }
      live.completeExceptionally(e);
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
  private void catchUpAndInstall(HnswIndex<Long, float[], Embedding, Float> target)
      throws InterruptedException {
    while (true) {
      List<Embedding> batch;
      lock.writeLock().lock();
      try {
        if (pending.size() <= REPLAY_UNDER_LOCK) {
          insert(target, stillStored(pending));
          pending.clear();
          install(target);
          return;
        }
        batch = stillStored(pending);
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

  /** Under the write lock. */
  private void install(HnswIndex<Long, float[], Embedding, Float> target) {
    graph = target;
    search = new GraphSearch(target, matrix, pending);
    building = false;
    frozen = false;
    live.complete(null);
  }

  /** The additions still in the matrix (not deleted meanwhile). Under the lock. */
  private List<Embedding> stillStored(List<Embedding> additions) {
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
      // Parallel insertion starts a thread pool per call: worth it for many, not for one
      // enrollment.
      target.addAll(items, threads(), new Progress(items.size()), Integer.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding to the index", e);
    }
  }

  /**
   * The graph has a fixed capacity; grow it geometrically so inserts stay amortized O(1) in
   * resizes.
   */
  private static void ensureCapacity(
      HnswIndex<Long, float[], Embedding, Float> target, int needed) {
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
   * Takes a graph loaded from a snapshot if it holds exactly the matrix's vectors (bit for bit)
   * plus at most a quarter more deleted ones. Returns false (and changes nothing) otherwise.
   */
  boolean adopt(HnswIndex<Long, float[], Embedding, Float> loaded) {
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
        LOG.info(
            "index snapshot holds {} deleted embeddings beside {} live ones; rebuilding instead",
            dead,
            ids.length);
        return false;
      }
      loaded.setEf(params.ef());
      loadedFromSnapshot = true;
      tombstones = dead;
      install(loaded);
      return true;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The live graph, now frozen so that it can be written while searches use it and additions wait
   * in the pending list; empty when there is none or it is busy. Under the write lock. Then {@link
   * #thaw}.
   */
  Optional<HnswIndex<Long, float[], Embedding, Float>> freeze() {
    if (graph == null || building || frozen) {
      return Optional.empty();
    }
    frozen = true;
    return Optional.of(graph);
  }

  /** Replays what was added while {@code frozen} was written and lets it take changes again. */
  void thaw(HnswIndex<Long, float[], Embedding, Float> frozenGraph) {
    try {
      catchUpAndInstall(frozenGraph);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Snapshot headers name the parameters a graph was built with. */
  HnswParams params() {
    return params;
  }

  /**
   * Candidates kept while searching (HNSW ef), for benchmarks trying several on one build. Under
   * the write lock.
   */
  void setEf(int ef) {
    if (graph != null) {
      graph.setEf(ef);
    }
  }

  /** Under the lock. */
  boolean fromSnapshot() {
    return graph != null && loadedFromSnapshot;
  }

  /** Under the lock. */
  int tombstones() {
    return tombstones;
  }

  CompletableFuture<Void> live() {
    return live;
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
