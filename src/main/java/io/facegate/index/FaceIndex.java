package io.facegate.index;

import com.github.jelmerk.knn.DistanceFunction;
import com.github.jelmerk.knn.NullProgressListener;
import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The in-memory gallery of L2-normalized face embeddings, searched by cosine (dot product).
 *
 * <p>Two search strategies over the same data. Below {@code exactSearchBelow} embeddings an exact
 * scan over one contiguous matrix ({@link GalleryMatrix}) answers: it is always right and needs no
 * build, which keeps boot fast. The HNSW graph is only built when the gallery first reaches the
 * threshold (inserting into it is the expensive part of a boot: minutes at 100k with this Java
 * port, see design/index.md); from then on it is maintained and answers in sub-linear time.
 *
 * <p>The crossover is measured, not assumed: see the README's Performance section (scripts/bench/index.sh).
 *
 * <p>Thread-safe: searches share a read lock, changes take the write lock, so a search never sees a
 * person half added or half removed.
 */
public final class FaceIndex {
  /** Distance for the graph; the same dot product as the exact scan, so both rank alike. */
  private static final DistanceFunction<float[], Float> COSINE_DISTANCE = (a, b) -> 1f - Vectors.dot(a, b);
  private static final int INITIAL_CAPACITY = 1024;

  private final int dimensions;
  private final int exactSearchBelow;
  private final HnswParams params;
  private final GalleryMatrix matrix;
  /** Null until the gallery first reaches {@code exactSearchBelow} embeddings. */
  private HnswIndex<Long, float[], Embedding, Float> graph;
  /** Embedding ids per person; the vectors live only in the matrix (and in the graph once built). */
  private final Map<String, List<Long>> byPerson = new HashMap<>();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private int size;
  /**
   * Graph slots ever taken. The graph only marks removed items deleted and never frees their slot,
   * so capacity is checked against this, not against the live count.
   */
  private int slotsUsed;

  public FaceIndex(int dimensions, HnswParams params, int exactSearchBelow) {
    this.dimensions = dimensions;
    this.exactSearchBelow = exactSearchBelow;
    this.params = params;
    this.matrix = new GalleryMatrix(dimensions, INITIAL_CAPACITY);
  }

  public void add(long embeddingId, String username, float[] vector) {
    addAll(List.of(new GalleryEntry(embeddingId, username, vector)));
  }

  /**
   * Adds many embeddings at once, inserting into the graph on every core: the boot-time rebuild.
   * Embedding ids must be new (the store never reuses one).
   */
  public void addAll(Collection<GalleryEntry> entries) {
    entries.forEach(e -> checked(e.vector()));
    lock.writeLock().lock();
    try {
      for (GalleryEntry e : entries) {
        byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
        matrix.add(e.embeddingId(), e.username(), e.vector());
      }
      size += entries.size();
      if (graph != null) {
        insertIntoGraph(entries);
      } else if (size >= exactSearchBelow) {
        graph = HnswIndex.newBuilder(dimensions, COSINE_DISTANCE, INITIAL_CAPACITY)
            .withM(params.m())
            .withEfConstruction(params.efConstruction())
            .withEf(params.ef())
            .withRemoveEnabled()
            .build();
        insertIntoGraph(matrix.entries());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the index", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void insertIntoGraph(Collection<GalleryEntry> entries) throws InterruptedException {
    List<Embedding> embeddings = entries.stream()
        .map(e -> new Embedding(e.embeddingId(), e.username(), e.vector()))
        .toList();
    ensureCapacity(slotsUsed + embeddings.size());
    // Parallel insertion starts a thread pool per call: worth it for a build, not for one enrollment.
    if (embeddings.size() == 1) {
      graph.add(embeddings.get(0));
    } else {
      graph.addAll(embeddings, Runtime.getRuntime().availableProcessors(), NullProgressListener.INSTANCE,
          Integer.MAX_VALUE);
    }
    slotsUsed += embeddings.size();
  }

  /** The graph has a fixed capacity; grow it geometrically so inserts stay amortized O(1) in resizes. */
  private void ensureCapacity(int needed) {
    int capacity = graph.getMaxItemCount();
    if (needed > capacity) {
      graph.resize(Math.max(needed, capacity * 2));
    }
  }

  /** Removes every embedding of {@code username}; returns how many there were. */
  public int removePerson(String username) {
    lock.writeLock().lock();
    try {
      List<Long> removed = byPerson.remove(username);
      if (removed == null) {
        return 0;
      }
      for (long id : removed) {
        matrix.remove(id);
        if (graph != null) {
          graph.remove(id, 0); // 0: the version every Embedding has (Item's default)
        }
      }
      size -= removed.size();
      return removed.size();
    } finally {
      lock.writeLock().unlock();
    }
  }

  /**
   * The people most similar to {@code query}, best first, at most {@code topPeople}. A person's
   * score is their best embedding's, so someone enrolled with five photos is one candidate.
   */
  public List<Candidate> identify(float[] query, int topPeople) {
    checked(query);
    if (topPeople < 1) {
      throw new IllegalArgumentException("topPeople must be at least 1");
    }
    lock.readLock().lock();
    try {
      return size < exactSearchBelow || graph == null ? matrix.topPeople(query, topPeople)
          : identifyInGraph(query, topPeople);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<Candidate> identifyInGraph(float[] query, int topPeople) {
    // Enough neighbours that people with several close embeddings don't crowd out the runners-up.
    int k = Math.max(topPeople * 8, 32);
    Map<String, Candidate> best = new LinkedHashMap<>();
    for (SearchResult<Embedding, Float> hit : graph.findNearest(query, k)) {
      // Results come nearest first, so a person's first hit is their best.
      best.putIfAbsent(hit.item().username(), new Candidate(hit.item().username(), 1.0 - hit.distance()));
      if (best.size() == topPeople) {
        break;
      }
    }
    return List.copyOf(best.values());
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
    lock.readLock().lock();
    try {
      return byPerson.containsKey(username);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The ids of every embedding held, ascending: compared with the store's by the consistency check. */
  public long[] embeddingIds() {
    lock.readLock().lock();
    try {
      return byPerson.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sorted().toArray();
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
    lock.readLock().lock();
    try {
      return size;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Number of people with at least one embedding. */
  public int people() {
    lock.readLock().lock();
    try {
      return byPerson.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  private float[] checked(float[] vector) {
    if (vector.length != dimensions) {
      throw new IllegalArgumentException("expected a " + dimensions + "-D vector, got " + vector.length);
    }
    return vector;
  }
}
