package io.facegate.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every gallery vector in one contiguous float array, row after row, for the exact scan: no
 * pointer chasing and no object header per vector, so a scan streams memory at full speed and a
 * 192-D vector costs its 768 bytes. Removal moves the last row into the hole, keeping rows dense.
 * Not thread-safe: {@link FaceIndex} guards it with its lock.
 */
final class GalleryMatrix {
  /** Below this many rows a scan takes under 1 ms and splitting it costs more than it saves. */
  static final int PARALLEL_FROM = 20_000;

  private final int dim;
  private float[] data;
  private String[] owners;
  private long[] ids;
  private final Map<Long, Integer> rowOfId = new HashMap<>();
  private int rows;

  GalleryMatrix(int dim, int initialRows) {
    this.dim = dim;
    this.data = new float[initialRows * dim];
    this.owners = new String[initialRows];
    this.ids = new long[initialRows];
  }

  void add(long id, String owner, float[] vector) {
    if (rows == owners.length) {
      int capacity = Math.max(16, rows * 2);
      data = Arrays.copyOf(data, capacity * dim);
      owners = Arrays.copyOf(owners, capacity);
      ids = Arrays.copyOf(ids, capacity);
    }
    System.arraycopy(vector, 0, data, rows * dim, dim);
    owners[rows] = owner;
    ids[rows] = id;
    rowOfId.put(id, rows);
    rows++;
  }

  void remove(long id) {
    Integer row = rowOfId.remove(id);
    if (row == null) {
      return;
    }
    int last = --rows;
    if (row != last) {
      System.arraycopy(data, last * dim, data, row * dim, dim);
      owners[row] = owners[last];
      ids[row] = ids[last];
      rowOfId.put(ids[row], row);
    }
    owners[last] = null;
  }

  /**
   * The {@code k} people with the best score, best first, exactly. A large gallery is cut into one
   * slice per core, scanned in parallel: a lone request then uses the idle cores (5 ms becomes about
   * 2.5 ms at 100k on 2 cores). Merging slice winners is exact: a person in the overall top k has
   * fewer than k people above them overall, so also in the slice holding their best row.
   */
  List<Candidate> topPeople(float[] query, int k) {
    return topPeople(query, k, rows < PARALLEL_FROM ? 1 : Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #topPeople(float[], int)} on the calling thread alone: for background work. */
  List<Candidate> topPeopleOnThisThread(float[] query, int k) {
    return topPeople(query, k, 1);
  }

  private List<Candidate> topPeople(float[] query, int k, int slices) {
    Map<String, Float> best = new HashMap<>();
    IntStream.range(0, slices).parallel()
        .mapToObj(i -> scan(query, k, (int) ((long) rows * i / slices), (int) ((long) rows * (i + 1) / slices)))
        .toList()
        .forEach(slice -> slice.forEach(c -> best.merge(c.username(), (float) c.score(), Math::max)));
    return best.entrySet().stream()
        .map(e -> new Candidate(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Candidate::score).reversed())
        .limit(k)
        .toList();
  }

  /**
   * The k best distinct people among rows [from, to), in one pass: a person's later, better row
   * raises their score. A person pushed out had a score below every survivor, and survivors only
   * improve, so they can only come back with a higher score than the one lost: the result is exact.
   */
  private List<Candidate> scan(float[] query, int k, int from, int to) {
    String[] people = new String[k];
    float[] scores = new float[k];
    int held = 0;
    int worst = 0; // index of the lowest score held, once full
    float bar = Float.NEGATIVE_INFINITY; // a row must beat this to matter once k people are held
    for (int r = from, offset = from * dim; r < to; r++, offset += dim) {
      float s = Dot.dot(query, data, offset, dim);
      if (held == k && s <= bar) {
        continue;
      }
      int at = indexOf(people, held, owners[r]);
      if (at >= 0) {
        scores[at] = Math.max(scores[at], s);
      } else if (held < k) {
        people[held] = owners[r];
        scores[held++] = s;
      } else {
        people[worst] = owners[r];
        scores[worst] = s;
      }
      if (held == k) {
        worst = argMin(scores);
        bar = scores[worst];
      }
    }
    List<Candidate> found = new ArrayList<>(held);
    for (int i = 0; i < held; i++) {
      found.add(new Candidate(people[i], scores[i]));
    }
    return found;
  }

  private static int indexOf(String[] people, int held, String owner) {
    for (int i = 0; i < held; i++) {
      if (people[i].equals(owner)) {
        return i;
      }
    }
    return -1;
  }

  private static int argMin(float[] scores) {
    int min = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] < scores[min]) {
        min = i;
      }
    }
    return min;
  }

  /** The score of one stored embedding, for 1:1 verification. */
  float score(long id, float[] query) {
    return Dot.dot(query, data, rowOfId.get(id) * dim, dim);
  }

  boolean contains(long id) {
    return rowOfId.containsKey(id);
  }

  /** The owner of a live embedding, or null. */
  String owner(long id) {
    Integer row = rowOfId.get(id);
    return row == null ? null : owners[row];
  }

  /** Whether the live embedding {@code id} holds exactly {@code vector}. */
  boolean holds(long id, float[] vector) {
    Integer row = rowOfId.get(id);
    return row != null && Arrays.equals(data, row * dim, (row + 1) * dim, vector, 0, vector.length);
  }

  /** A copy of a live embedding's vector, or null. */
  float[] vector(long id) {
    Integer row = rowOfId.get(id);
    return row == null ? null : Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
  }

  /**
   * Every row as a graph item with its own copy of the vector: what a build inserts. The graph
   * (jelmerk) needs one float[] per item, while the scan needs the rows contiguous: one array per
   * row made the exact scan about 2x slower at 100k (measured), so the graph pays a second copy.
   */
  List<Embedding> embeddings() {
    List<Embedding> all = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      all.add(new Embedding(ids[r], Arrays.copyOfRange(data, r * dim, (r + 1) * dim)));
    }
    return all;
  }

  /** Every row's id. */
  long[] ids() {
    return Arrays.copyOf(ids, rows);
  }

  int rows() {
    return rows;
  }
}
