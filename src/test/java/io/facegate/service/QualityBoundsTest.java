package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.vision.FaceQuality;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each gate on its own: a face good in every way but one is refused for exactly that reason. */
@FastTier
class QualityBoundsTest {
  static final QualityBounds BOUNDS = new QualityBounds(80, 100, 40, 220, 25, 45, 0.7);
  static final FaceQuality GOOD = new FaceQuality(200, 800, 140, 2, 5, 0.95);

  private static List<String> problems(
      double size, double sharpness, double brightness, double roll, double yaw, double score) {
    return BOUNDS.problems(new FaceQuality(size, sharpness, brightness, roll, yaw, score));
  }

  private static void assertOnly(List<String> problems, String word) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(word), problems.toString());
  }

  @Test
  void aGoodFacePasses() {
    assertTrue(BOUNDS.problems(GOOD).isEmpty());
  }

  @Test
  void eachBoundRefusesOnItsOwn() {
    assertOnly(problems(60, 800, 140, 2, 5, 0.95), "smaller");
    assertOnly(problems(200, 50, 140, 2, 5, 0.95), "blurred");
    assertOnly(problems(200, 800, 20, 2, 5, 0.95), "dark");
    assertOnly(problems(200, 800, 240, 2, 5, 0.95), "overexposed");
    assertOnly(problems(200, 800, 140, -30, 5, 0.95), "tilted");
    assertOnly(problems(200, 800, 140, 2, 50, 0.95), "turned");
    assertOnly(problems(200, 800, 140, 2, -50, 0.95), "turned");
    assertOnly(problems(200, 800, 140, 2, 5, 0.6), "uncertain");
  }

  @Test
  void boundsAreInclusive() {
    assertTrue(problems(80, 100, 40, 25, 45, 0.7).isEmpty());
    assertTrue(problems(80, 100, 220, -25, -45, 0.7).isEmpty());
  }
}
