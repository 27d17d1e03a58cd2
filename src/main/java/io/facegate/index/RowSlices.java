package io.facegate.index;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Scans the rows of a matrix in one slice per core and merges the slices' best people. Merging is
 * exact: a person in the overall top k has fewer than k people above them overall, so also in the
 * slice holding their best row. A lone request thus uses the idle cores.
 */
final class RowSlices {
  /** Below this many rows a scan is short enough that splitting it costs more than it saves. */
  static final int PARALLEL_FROM = 20_000;

  /** The best people among rows [from, to) of one slice. */
  @FunctionalInterface
  interface SliceScan {
    TopPeople rows(int from, int to);
  }

  private RowSlices() {}

  /**
   * Each person's best score over {@code rows} rows, keeping the {@code k} best people of each
   * slice.
   */
  static Map<String, Float> scan(int rows, boolean spread, SliceScan scan) {
    int slices = spread && rows >= PARALLEL_FROM ? Runtime.getRuntime().availableProcessors() : 1;
    Map<String, Float> best = new HashMap<>();
    IntStream.range(0, slices)
        .parallel()
        .mapToObj(
            i ->
                scan.rows((int) ((long) rows * i / slices), (int) ((long) rows * (i + 1) / slices)))
        .toList()
        .forEach(slice -> slice.forEach((person, score) -> best.merge(person, score, Math::max)));
    return best;
  }
}
