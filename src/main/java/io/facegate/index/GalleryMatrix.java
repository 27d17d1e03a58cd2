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
 *
 * <p>Each row also has a binary code ({@link SignCodes}: 256 bits, 32 bytes at 192-D), for large
 * galleries: a Hamming-distance scan over the codes picks a shortlist, and only the shortlist is
 * scored exactly ({@link #topPeopleShortlisted}).
 */
final class GalleryMatrix {
  /** Below this many rows a scan takes under 1 ms and splitting it costs more than it saves. */
  static final int PARALLEL_FROM = 20_000;

  /**
   * Rows sampled to place the shortlist's cut: a sixteenth of the gallery, at least 16k (fewer made the
   * kept count wander, more cost a visible share of the scan at 100k).
   */
  private static final int CUT_SAMPLE_MIN = 16_384, CUT_SAMPLE_SHARE = 16;

  private final int dim;
  private final SignCodes signs;
  /** Longs per binary code. */
  private final int words;
  private float[] data;
  private long[] codes;
  private String[] owners;
  private long[] ids;
  private final Map<Long, Integer> rowOfId = new HashMap<>();
  private int rows;

  GalleryMatrix(int dim, int initialRows) {
    this.dim = dim;
    this.signs = new SignCodes(dim);
    this.words = signs.words;
    this.data = new float[initialRows * dim];
    this.codes = new long[initialRows * words];
    this.owners = new String[initialRows];
    this.ids = new long[initialRows];
  }

  void add(long id, String owner, float[] vector) {
    ensureCapacity(rows + 1);
    signs.encode(vector, codes, rows * words);
    place(id, owner, vector);
  }

  /**
   * Boot: many rows at once, their codes computed on all cores (256 projections per row: about 7 s
   * of one core at 1M, measured, against the rest of a 1M boot's 22 s).
   */
  void addAll(List<GalleryEntry> entries) {
    ensureCapacity(rows + entries.size());
    int first = rows;
    IntStream.range(0, entries.size()).parallel()
        .forEach(i -> signs.encode(entries.get(i).vector(), codes, (first + i) * words));
    entries.forEach(e -> place(e.embeddingId(), e.username(), e.vector()));
  }

  /**
   * Grows to hold {@code needed} rows plus an eighth, and by half at least: growing copies the matrix (768 MB
   * at 1M rows, twice that while both copies live), so a boot that filled it to the row must not leave the
   * first enrollment to double it (measured: out of memory with -Xmx3g at 1M).
   */
  private void ensureCapacity(int needed) {
    if (needed > owners.length) {
      int capacity = Math.max(Math.max(16, needed + needed / 8), owners.length + owners.length / 2);
      data = Arrays.copyOf(data, capacity * dim);
      codes = Arrays.copyOf(codes, capacity * words);
      owners = Arrays.copyOf(owners, capacity);
      ids = Arrays.copyOf(ids, capacity);
    }
  }

  /** Row {@code rows} takes the vector, owner and id; its code is already in place. */
  private void place(long id, String owner, float[] vector) {
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
      System.arraycopy(codes, last * words, codes, row * words, words);
      owners[row] = owners[last];
      ids[row] = ids[last];
      rowOfId.put(ids[row], row);
    }
    owners[last] = null;
  }

  /** The {@code k} people with the best score, best first, exactly; a large gallery in slices (bestOfSlices). */
  List<Candidate> topPeople(float[] query, int k) {
    return topPeople(query, k, rows < PARALLEL_FROM ? 1 : Runtime.getRuntime().availableProcessors());
  }

  /** As {@link #topPeople(float[], int)} on the calling thread alone: for background work. */
  List<Candidate> topPeopleOnThisThread(float[] query, int k) {
    return topPeople(query, k, 1);
  }

  private List<Candidate> topPeople(float[] query, int k, int slices) {
    return bestOfSlices(k, slices, (from, to) -> {
      TopPeople top = new TopPeople(k);
      for (int r = from, offset = from * dim; r < to; r++, offset += dim) {
        top.offer(owners[r], Dot.dot(query, data, offset, dim));
      }
      return top;
    });
  }

  /**
   * Approximately the {@code k} best people: only rows whose codes are within a Hamming distance of
   * the query's that keeps about {@code shortlist} rows are scored exactly, the rest not at all. The
   * share of differing bits estimates the angle (angle / pi), so a row close to the query is very
   * likely within it; the recall this gives is measured by {@code bench-index}. The cut
   * comes from the distances of a sample of rows, then one pass reads 32 bytes per row instead of 768.
   */
  List<Candidate> topPeopleShortlisted(float[] query, int k, int shortlist, boolean spread) {
    long[] q = new long[words];
    signs.encode(query, q, 0);
    int cut = cutKeeping(q, shortlist);
    return bestOfSlices(k, spread && rows >= PARALLEL_FROM ? Runtime.getRuntime().availableProcessors() : 1,
        (from, to) -> {
          TopPeople top = new TopPeople(k);
          for (int r = from, at = from * words; r < to; r++, at += words) {
            if (hamming(q, at) <= cut) {
              top.offer(owners[r], Dot.dot(query, data, r * dim, dim));
            }
          }
          return top;
        });
  }

  /**
   * The smallest Hamming distance that the first rows, as a sample, say keeps at least {@code shortlist}
   * rows. Rows are in enrollment order, which has nothing to do with any probe, so the first ones are as
   * good a sample as any and are read sequentially (a strided sample cost a cache miss per row).
   */
  private int cutKeeping(long[] q, int shortlist) {
    int sampled = Math.min(rows, Math.max(CUT_SAMPLE_MIN, rows / CUT_SAMPLE_SHARE));
    double scale = rows / (double) Math.max(1, sampled);
    int bits = words * 64;
    int[] histogram = new int[bits + 1];
    for (int r = 0; r < sampled; r++) {
      histogram[hamming(q, r * words)]++;
    }
    int cut = 0;
    for (double kept = histogram[0] * scale; kept < shortlist && cut < bits; ) {
      kept += histogram[++cut] * scale;
    }
    return cut;
  }

  private int hamming(long[] q, int at) {
    if (words == 4) { // 256 bits, the embedder's codes: unrolled, this pass runs about 2x faster (measured)
      return Long.bitCount(codes[at] ^ q[0]) + Long.bitCount(codes[at + 1] ^ q[1])
          + Long.bitCount(codes[at + 2] ^ q[2]) + Long.bitCount(codes[at + 3] ^ q[3]);
    }
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(codes[at + w] ^ q[w]);
    }
    return d;
  }

  /**
   * Scans rows [from, to) of one slice per core in parallel and merges the slices' best people.
   * Merging is exact: a person in the overall top k has fewer than k people above them overall, so
   * also in the slice holding their best row. A lone request thus uses the idle cores (5 ms becomes
   * about 2.5 ms at 100k on 2 cores).
   */
  private List<Candidate> bestOfSlices(int k, int slices, SliceScan scan) {
    Map<String, Float> best = new HashMap<>();
    IntStream.range(0, slices).parallel()
        .mapToObj(i -> scan.rows((int) ((long) rows * i / slices), (int) ((long) rows * (i + 1) / slices)))
        .toList()
        .forEach(slice -> slice.forEach((person, score) -> best.merge(person, score, Math::max)));
    return best.entrySet().stream()
        .map(e -> new Candidate(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Candidate::score).reversed())
        .limit(k)
        .toList();
  }

  @FunctionalInterface
  private interface SliceScan {
    TopPeople rows(int from, int to);
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
