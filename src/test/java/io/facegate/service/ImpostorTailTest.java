package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.json.JsonObject;
import java.util.Random;
import org.junit.jupiter.api.Test;

@FastTier
class ImpostorTailTest {
  /** Scores spread evenly over [0, 1): the threshold at FAR f is 1 - f. */
  @Test
  void measuredTailOfUniformScoresIsOneMinusFar() {
    double[] scores = new double[200_000];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (i + 0.5) / scores.length;
    }
    JsonObject json = ImpostorTail.measure(scores, "uniform");
    assertEquals(200_000, json.getInteger("impostor_pairs"));
    double rarest = json.getJsonArray("points").getJsonArray(0).getDouble(0);
    assertEquals(20.0 / 200_000, rarest, 1e-12, "down to the rate with 20 scores above it");
    ImpostorTail tail = ImpostorTail.fromJson(json);
    for (double far : new double[] {1e-1, 3e-2, 1e-3, 2e-4}) {
      // Exact at the measured points, interpolated in log FAR between them.
      assertEquals(1 - far, tail.thresholdAtFar(far), 0.05 * far, "FAR " + far);
    }
    // At most f * n scores reach the threshold at FAR f.
    double t = tail.thresholdAtFar(1e-3);
    long above = java.util.Arrays.stream(scores).filter(s -> s >= t).count();
    assertTrue(above <= 200, above + " scores at or above " + t);
  }

  @Test
  void rarerThanMeasuredKeepsRisingAlongTheLastDecade() {
    ImpostorTail tail =
        ImpostorTail.fromJson(
            ImpostorTail.measure(new Random(1).doubles(100_000).toArray(), "random"));
    double rarest = tail.thresholdAtFar(2e-4);
    assertTrue(tail.thresholdAtFar(2e-5) > rarest);
    assertTrue(tail.thresholdAtFar(2e-6) > tail.thresholdAtFar(2e-5));
  }

  @Test
  void pointsMustDescribeATail() {
    assertThrows(
        IllegalArgumentException.class,
        () -> ImpostorTail.fromJson(new JsonObject("{\"points\": [[0.01, 0.3], [0.001, 0.5]]}")));
    assertThrows(
        IllegalArgumentException.class,
        () -> ImpostorTail.fromJson(new JsonObject("{\"points\": [[0.01, 0.3]]}")));
  }
}
