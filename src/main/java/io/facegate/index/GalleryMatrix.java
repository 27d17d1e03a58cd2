package io.facegate.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every gallery vector as one float[] row (768 bytes at 192-D, no object per person beyond it), for
 * the exact scan. The HNSW graph's items share these very arrays, so a vector is held once however
 * many structures point at it. Removal moves the last row into the hole, keeping rows dense.
 * Not thread-safe: {@link FaceIndex} guards it with its lock.
 */
final class GalleryMatrix {
  /** Below this many rows a scan takes under 1 ms and splitting it costs more than it saves. */
  static final int PARALLEL_FROM = 20_000;

  private float[][] data;
  private String[] owners;
  private long[] ids;
  private final Map<Long, Integer> rowOfId = new HashMap<>();
  private int rows;

  GalleryMatrix(int initialRows) {
    this.data = new float[initialRows][];
    this.owners = new String[initialRows];
    this.ids = new long[initialRows];
  }

  /** Adds a row holding {@code vector} itself (not a copy): the caller hands it over. */
  void add(long id, String owner, float[] vector) {
    if (rows == owners.length) {
      int capacity = Math.max(16, rows * 2);
      data = Arrays.copyOf(data, capacity);
      owners = Arrays.copyOf(owners, capacity);
      ids = Arrays.copyOf(ids, capacity);
    }
    data[rows] = vector;
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
      data[row] = data[last];
      owners[row] = owners[last];
      ids[row] = ids[last];
      rowOfId.put(ids[row], row);
    }
    owners[last] = null;
    data[last] = null;
  }

  boolean contains(long id) {
    return rowOfId.containsKey(id);
  }

  /** The owner of a live embedding, or null. */
  String owner(long id) {
    Integer row = rowOfId.get(id);
    return row == null ? null : owners[row];
  }

  /** The stored vector of a live embedding, or null. */
  float[] vector(long id) {
    Integer row = rowOfId.get(id);
    return row == null ? null : data[row];
  }

  /** Points the row of {@code id} at {@code same}, an equal vector held elsewhere (the loaded graph's). */
  void share(long id, float[] same) {
    data[rowOfId.get(id)] = same;
  }

  /**
   * The {@code k} people with the best score, best first, exactly. A large gallery is cut into one
   * slice per core, scanned in parallel: a lone request then uses the idle cores (5 ms becomes about
   * 2.5 ms at 100k on 2 cores). Merging slice winners is exact: a person in the overall top k has
   * fewer than k people above them overall, so also in the slice holding their best row.
   */
  List<Candidate> topPeople(float[] query, int k) {
    int slices = rows < PARALLEL_FROM ? 1 : Runtime.getRuntime().availableProcessors();
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
    for (int r = from; r < to; r++) {
      float s = Dot.dot(query, data[r]);
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
    return Dot.dot(query, data[rowOfId.get(id)]);
  }

  /** Every row as a graph item, sharing the row's vector (no copy): what a graph build inserts. */
  List<Embedding> embeddings() {
    List<Embedding> all = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      all.add(new Embedding(ids[r], data[r]));
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
