package io.facegate.index;

import java.util.List;

/**
 * Approximately the best people: only rows whose binary codes are within a Hamming distance of the
 * query's that keeps about {@code length} rows are scored exactly, the rest not at all. The share
 * of differing bits estimates the angle (angle / pi), so a row close to the query is very likely
 * kept; a row left out can only make a person score lower, never higher. Its recall is measured by
 * {@code bench-index}.
 */
final class ShortlistScan implements PeopleSearch {
  /**
   * Rows sampled to place the cut: a sixteenth of the gallery, at least 16k (fewer made the kept
   * count wander, more cost a visible share of the scan).
   */
  private static final int CUT_SAMPLE_MIN = 16_384, CUT_SAMPLE_SHARE = 16;

  private final EmbeddingMatrix matrix;
  private final int length;

  ShortlistScan(EmbeddingMatrix matrix, int length) {
    this.matrix = matrix;
    this.length = length;
  }

  @Override
  public List<Candidate> topPeople(float[] query, int k, boolean spread) {
    long[] q = matrix.code(query);
    int cut = cutKeeping(q);
    return Candidate.best(
        RowSlices.scan(
            matrix.rows(),
            spread,
            (from, to) -> {
              TopPeople top = new TopPeople(k);
              for (int r = from; r < to; r++) {
                if (matrix.hammingAt(r, q) <= cut) {
                  top.offer(matrix.ownerAt(r), matrix.dotAt(r, query));
                }
              }
              return top;
            }),
        k);
  }

  /**
   * The smallest Hamming distance that the first rows, as a sample, say keeps at least {@code
   * length} rows. Rows are in enrollment order, which has nothing to do with any probe, so the
   * first ones are as good a sample as any and are read sequentially (a strided sample cost a cache
   * miss per row).
   */
  private int cutKeeping(long[] q) {
    int rows = matrix.rows();
    int sampled = Math.min(rows, Math.max(CUT_SAMPLE_MIN, rows / CUT_SAMPLE_SHARE));
    double scale = rows / (double) Math.max(1, sampled);
    int bits = matrix.codeBits();
    int[] histogram = new int[bits + 1];
    for (int r = 0; r < sampled; r++) {
      histogram[matrix.hammingAt(r, q)]++;
    }
    int cut = 0;
    for (double kept = histogram[0] * scale; kept < length && cut < bits; ) {
      kept += histogram[++cut] * scale;
    }
    return cut;
  }
}
