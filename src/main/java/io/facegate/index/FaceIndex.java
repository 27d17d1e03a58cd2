package io.facegate.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The in-memory gallery of L2-normalized face embeddings, searched by cosine (dot product): every
 * vector is in one {@link EmbeddingMatrix}, and each search goes to one {@link PeopleSearch},
 * chosen by gallery size: the binary-code {@link ShortlistScan} from {@link Shortlist#from()}
 * embeddings, else the {@link ExactScan}.
 *
 * <p>Thread-safe: searches share a read lock, changes take the write lock, so a search never sees a
 * person, or a batch of changes, half applied.
 */
public final class FaceIndex {
  private static final int INITIAL_CAPACITY = 1024;

  private final int dimensions;
  private final Shortlist shortlist;
  private final EmbeddingMatrix matrix;
  private final ExactScan exact;
  private final ShortlistScan shortlisted;

  /** Embedding ids per person. */
  private final Map<String, List<Long>> byPerson = new HashMap<>();

  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  /** An index that always scans exactly. */
  public FaceIndex(int dimensions) {
    this(dimensions, Shortlist.OFF);
  }

  public FaceIndex(int dimensions, Shortlist shortlist) {
    this.dimensions = dimensions;
    this.shortlist = shortlist;
    this.matrix = new EmbeddingMatrix(dimensions, INITIAL_CAPACITY);
    this.exact = new ExactScan(matrix);
    this.shortlisted = new ShortlistScan(matrix, shortlist.size());
  }

  /**
   * Boot: every stored embedding of the model at once, their binary codes computed on all cores.
   */
  public void load(Collection<IndexedEmbedding> entries) {
    entries.forEach(e -> checked(e.vector()));
    write(
        () -> {
          for (IndexedEmbedding e : entries) {
            byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
          }
          matrix.addAll(List.copyOf(entries));
        });
  }

  public void add(long embeddingId, String username, float[] vector) {
    addAll(List.of(new IndexedEmbedding(embeddingId, username, vector)));
  }

  public void addAll(Collection<IndexedEmbedding> entries) {
    apply(entries.stream().<IndexChange>map(IndexChange.Add::new).toList());
  }

  /** Applies {@code changes} in order, all at once for searches. */
  public void apply(List<IndexChange> changes) {
    validate(changes);
    write(() -> applyLocked(changes));
  }

  /** Removes every embedding of {@code username}; returns how many there were. */
  public int removePerson(String username) {
    lock.writeLock().lock();
    try {
      List<Long> ids = byPerson.getOrDefault(username, List.of());
      int count = ids.size();
      applyLocked(ids.stream().<IndexChange>map(IndexChange.Remove::new).toList());
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
    matrix.reserve(newIds(changes).length);
    for (IndexChange change : changes) {
      if (change instanceof IndexChange.Add add) {
        IndexedEmbedding e = add.embedding();
        byPerson.computeIfAbsent(e.username(), u -> new ArrayList<>()).add(e.embeddingId());
        matrix.add(e.embeddingId(), e.username(), e.vector());
      } else if (change instanceof IndexChange.Remove remove) {
        removeEmbedding(remove.embeddingId());
      }
    }
  }

  /** Under the write lock; an id the index does not hold is ignored. */
  private void removeEmbedding(long id) {
    String owner = matrix.owner(id);
    if (owner == null) {
      return;
    }
    List<Long> ids = byPerson.get(owner);
    ids.remove(Long.valueOf(id));
    if (ids.isEmpty()) {
      byPerson.remove(owner);
    }
    matrix.remove(id);
  }

  /** Which dot product kernel runs: "vector-api" or "scalar". */
  public static String kernel() {
    return DotProduct.kind();
  }

  /** Whether searches scan a binary-code shortlist now. */
  public boolean shortlisted() {
    return read(() -> shortlist.appliesTo(matrix.rows()));
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
    return shortlist.appliesTo(matrix.rows()) ? shortlisted : exact;
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

  /** The length of every embedding it holds. */
  public int dimensions() {
    return dimensions;
  }

  /** Number of embeddings. */
  public int size() {
    return read(matrix::rows);
  }

  /** Number of people with at least one embedding. */
  public int people() {
    return read(byPerson::size);
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

  private float[] checked(float[] vector) {
    if (vector.length != dimensions) {
      throw new IllegalArgumentException(
          "expected a " + dimensions + "-D vector, got " + vector.length);
    }
    return vector;
  }
}
