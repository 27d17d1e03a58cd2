package io.facegate.service;

import java.util.Arrays;

/**
 * The threshold that lets through at most a given share of a set of scores: the cut behind FAR,
 * FPIR, the shipped impostor tail and the gallery's own identification threshold.
 */
public final class ScoreCut {
  private ScoreCut() {}

  /**
   * The lowest threshold with at most floor(rate x n) of {@code scores} at or above it: with the
   * scores sorted high to low it sits just above the next one (ties are rejected together). When
   * every score may pass, negative infinity.
   */
  public static double atRate(double[] scores, double rate) {
    double[] ascending = scores.clone();
    Arrays.sort(ascending);
    return atRateSorted(ascending, rate);
  }

  /** As {@link #atRate} on scores already sorted ascending (for many rates over one large set). */
  public static double atRateSorted(double[] ascending, double rate) {
    int allowed = (int) Math.floor(rate * ascending.length + 1e-9);
    if (allowed >= ascending.length) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.nextUp(ascending[ascending.length - 1 - allowed]);
  }
}
