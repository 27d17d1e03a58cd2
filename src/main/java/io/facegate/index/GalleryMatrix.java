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
    for (int r = from, offset = from * dim; r < to; r++, offset += dim) {
      float s = dot(query, data, offset, dim);
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

  /**
   * Dot product of {@code q} with the row at {@code offset}, in eight independent sums: C2 does not
   * vectorize a float reduction (it must keep the order of additions), but it overlaps independent
   * chains, so more of them keep the multiply-add units busy.
   */
  private static float dot(float[] q, float[] m, int offset, int dim) {
    float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    int i = 0;
    for (int end = dim - 7; i < end; i += 8) {
      int o = offset + i;
      s0 += q[i] * m[o];
      s1 += q[i + 1] * m[o + 1];
      s2 += q[i + 2] * m[o + 2];
      s3 += q[i + 3] * m[o + 3];
      s4 += q[i + 4] * m[o + 4];
      s5 += q[i + 5] * m[o + 5];
      s6 += q[i + 6] * m[o + 6];
      s7 += q[i + 7] * m[o + 7];
    }
    for (; i < dim; i++) {
      s0 += q[i] * m[offset + i];
    }
    return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
  }

  /** The score of one stored embedding, for 1:1 verification. */
  float score(long id, float[] query) {
    return dot(query, data, rowOfId.get(id) * dim, dim);
  }

  /** A copy of one stored vector. */
  float[] vector(long id) {
    int row = rowOfId.get(id);
    return Arrays.copyOfRange(data, row * dim, (row + 1) * dim);
  }

  /** Every row as a separate entry (vectors copied), to build the graph from. */
  List<GalleryEntry> entries() {
    List<GalleryEntry> all = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      all.add(new GalleryEntry(ids[r], owners[r], Arrays.copyOfRange(data, r * dim, (r + 1) * dim)));
    }
    return all;
  }

  int rows() {
    return rows;
  }
}
