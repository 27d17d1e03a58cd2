package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The identification threshold rule against a synthetic tail where the threshold at FAR f is 1 - f.
 */
@FastTier
class IdThresholdTest {
  private static final ImpostorTail LINEAR =
      ImpostorTail.fromJson(ImpostorTail.measure(uniform(1_000_000), "uniform"));
  private static final double FLOOR = 0.5;

  @Test
  void moreEnrolledPeopleNeedAHigherThreshold() {
    double previous = 0;
    for (int people :
        new int[] {10, 30, 100, 300}) { // per-comparison FAR 1e-3 .. 3.4e-5, within the tail
      IdThreshold t = IdThreshold.derive(0.01, people, new double[0], LINEAR, FLOOR);
      assertEquals("cohort", t.method());
      assertEquals(people, t.galleryPeople());
      // Each of the N comparisons may pass with rate f where 1 - (1 - f)^N = 1%.
      double perComparison = 1 - Math.pow(0.99, 1.0 / people);
      // Interpolated in log FAR between quarter-decade points: off by a small share of the rate.
      assertEquals(1 - perComparison, t.value(), 0.1 * perComparison, "N " + people);
      assertTrue(t.value() > previous);
      previous = t.value();
    }
  }

  @Test
  void neverEasierThanOneToOne() {
    IdThreshold t = IdThreshold.derive(0.01, 2, new double[0], LINEAR, 0.999);
    assertEquals("floor", t.method());
    assertEquals(0.999, t.value());
  }

  /** The gallery's own strangers weigh k = samples x FPIR against the cohort's 3. */
  @Test
  void galleryMeasurementIsWeighedByTheExceedancesItRestsOn() {
    double[] best = new double[600];
    Arrays.fill(best, 0.2);
    for (int i = 0; i < 7; i++) {
      best[i] = 0.9 - i * 0.01; // the 7 highest: 0.90 .. 0.84
    }
    IdThreshold t = IdThreshold.derive(0.01, 600, best, LINEAR, FLOOR);
    assertEquals("gallery", t.method());
    double measured = Math.nextUp(0.84); // 6 of 600 (1%) may pass: just above the 7th highest
    double cohort = 1 - (1 - Math.pow(0.99, 1.0 / 600));
    double weight = 6.0 / (6.0 + 3.0);
    assertEquals(weight * measured + (1 - weight) * cohort, t.value(), 1e-5);
  }

  @Test
  void fixedIsWhatTheOperatorSet() {
    IdThreshold t = IdThreshold.fixed(0.61, 42);
    assertEquals(0.61, t.value());
    assertEquals("fixed", t.method());
  }

  private static double[] uniform(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = (i + 0.5) / n;
    }
    return v;
  }
}
