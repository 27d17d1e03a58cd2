package io.facegate.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every stored vector in one contiguous float array, row after row, with its owner, its id and its
 * binary code ({@link SignCodes}): no pointer chasing and no object header per vector, so a scan
 * streams memory at full speed. Removal moves the last row into the hole, keeping rows dense. Not
 * thread-safe: {@link FaceIndex} guards it with its lock.
 */
final class EmbeddingMatrix {
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

  EmbeddingMatrix(int dim, int initialRows) {
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

  /** Makes room for {@code more} rows at once, so a large batch copies the matrix once at most. */
  void reserve(int more) {
    ensureCapacity(rows + more);
  }

  /**
   * Boot: many rows at once, their codes computed on all cores (the projections dominate a large
   * boot's CPU).
   */
  void addAll(List<IndexedEmbedding> entries) {
    ensureCapacity(rows + entries.size());
    int first = rows;
    IntStream.range(0, entries.size())
        .parallel()
        .forEach(i -> signs.encode(entries.get(i).vector(), codes, (first + i) * words));
    entries.forEach(e -> place(e.embeddingId(), e.username(), e.vector()));
  }

  /**
   * Grows to hold {@code needed} rows plus an eighth, and by half at least: growing copies the
   * whole matrix, so a boot that filled it to the row must not leave the first enrollment to double
   * it.
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

  int rows() {
    return rows;
  }

  /** The score of row {@code row} for {@code query}: what the scans rank by. */
  float dotAt(int row, float[] query) {
    return DotProduct.dot(query, data, row * dim);
  }

  String ownerAt(int row) {
    return owners[row];
  }

  /** The binary code of {@code query}, to compare with the rows' by {@link #hammingAt}. */
  long[] code(float[] query) {
    long[] q = new long[words];
    signs.encode(query, q, 0);
    return q;
  }

  /** Bits that differ between row {@code row}'s code and {@code q}. */
  int hammingAt(int row, long[] q) {
    int at = row * words;
    if (words
        == 4) { // 256 bits, the embedder's codes: unrolled, the shortlist's pass over every row
      // runs faster
      return Long.bitCount(codes[at] ^ q[0])
          + Long.bitCount(codes[at + 1] ^ q[1])
          + Long.bitCount(codes[at + 2] ^ q[2])
          + Long.bitCount(codes[at + 3] ^ q[3]);
    }
    int d = 0;
    for (int w = 0; w < words; w++) {
      d += Long.bitCount(codes[at + w] ^ q[w]);
    }
    return d;
  }

  /** Bits per code: the largest Hamming distance. */
  int codeBits() {
    return words * 64;
  }

  /** The score of one stored embedding, for 1:1 verification. */
  float score(long id, float[] query) {
    return dotAt(rowOfId.get(id), query);
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
   * (jelmerk) needs one float[] per item while the scans need the rows contiguous (one array per
   * row slowed the scan down), so the graph pays a second copy.
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
}
