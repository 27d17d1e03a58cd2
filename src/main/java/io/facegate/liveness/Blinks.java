package io.facegate.liveness;

import java.util.Arrays;
import java.util.Optional;

/**
 * Finds a blink in a sequence of eye aspect ratios: both eyes dip below a share of their own open
 * level, then both come back. Each eye's open level is the clip's 80th percentile, so the rule
 * adapts to narrow and wide eyes and to the camera's angle; one eye alone (a wink) is not a blink.
 * A shallower dip of both eyes also counts when the eyes' pixels changed clearly more than the rest
 * of the face ({@link EyeChange}): a frame caught early or late in a blink shows the lids partly
 * shut, which the mesh reads as barely narrower, as it reads a print's jitter.
 */
final class Blinks {
  private static final double OPEN_PERCENTILE = 0.8;

  private Blinks() {}

  /** The first blink that starts at or after {@code from}, as {start, end} frame indices. */
  static Optional<int[]> first(
      double[] right, double[] left, double[] eyeChange, int from, LivenessRules rules) {
    double openRight = percentile(right, OPEN_PERCENTILE),
        openLeft = percentile(left, OPEN_PERCENTILE);
    for (int i = from; i < right.length; i++) {
      boolean closed =
          right[i] < rules.closedFraction() * openRight
              && left[i] < rules.closedFraction() * openLeft;
      boolean closing =
          right[i] < rules.reopenedFraction() * openRight
              && left[i] < rules.reopenedFraction() * openLeft
              && eyeChange[i] >= rules.eyeChange();
      if (closed || closing) {
        for (int j = i + 1; j < right.length; j++) {
          if (right[j] >= rules.reopenedFraction() * openRight
              && left[j] >= rules.reopenedFraction() * openLeft) {
            return Optional.of(new int[] {i, j});
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  static double percentile(double[] values, double share) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  }
}
