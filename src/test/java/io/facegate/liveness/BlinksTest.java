package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Blink finding on eye aspect ratio series. */
@FastTier
class BlinksTest {
  private static final LivenessRules RULES = LivenessRules.defaults();

  @Test
  void bothEyesDippingAndReopeningIsABlink() {
    double[] right = open(20, 0.3), left = open(20, 0.28);
    set(right, left, 8, 0.16, 0.15);
    set(right, left, 9, 0.2, 0.19);
    assertArrayEquals(
        new int[] {8, 10}, Blinks.first(right, left, still(right.length), 0, RULES).orElseThrow());
  }

  @Test
  void theOpenLevelIsEachEyesOwn() {
    // Narrow eyes (0.18 open) closing to 0.1 blink just as wide ones do.
    double[] right = open(20, 0.18), left = open(20, 0.18);
    set(right, left, 5, 0.1, 0.1);
    assertTrue(Blinks.first(right, left, still(right.length), 0, RULES).isPresent());
  }

  @Test
  void oneEyeAloneIsAWinkNotABlink() {
    double[] right = open(20, 0.3), left = open(20, 0.3);
    set(right, left, 8, 0.1, left[8]);
    assertTrue(Blinks.first(right, left, still(right.length), 0, RULES).isEmpty());
  }

  @Test
  void eyesThatCloseAndStayClosedAreNotABlink() {
    double[] right = open(20, 0.3), left = open(20, 0.3);
    Arrays.fill(right, 15, 20, 0.12);
    Arrays.fill(left, 15, 20, 0.12);
    assertTrue(Blinks.first(right, left, still(right.length), 0, RULES).isEmpty());
  }

  @Test
  void aSquintIsNotABlink() {
    double[] right = open(20, 0.3), left = open(20, 0.3);
    set(right, left, 8, 0.24, 0.24);
    assertTrue(Blinks.first(right, left, still(right.length), 0, RULES).isEmpty());
  }

  @Test
  void aBlinkBeforeTheSearchStartDoesNotCount() {
    double[] right = open(20, 0.3), left = open(20, 0.3);
    set(right, left, 3, 0.1, 0.1);
    assertTrue(Blinks.first(right, left, still(right.length), 5, RULES).isEmpty());
  }

  @Test
  void aShallowDipCountsWhenTheEyesChangedMoreThanTheFace() {
    double[] right = open(20, 0.3), left = open(20, 0.3), change = still(20);
    set(right, left, 8, 0.24, 0.24);
    change[8] = 1.6;
    assertArrayEquals(new int[] {8, 9}, Blinks.first(right, left, change, 0, RULES).orElseThrow());
  }

  @Test
  void aShallowDipWithEyesChangedLikeTheFaceIsNotABlink() {
    // A print's jitter: the mesh reads the eyes 20% narrower, the pixels changed as the cheeks did.
    double[] right = open(20, 0.3), left = open(20, 0.3), change = still(20);
    set(right, left, 8, 0.24, 0.24);
    change[8] = 1.1;
    assertTrue(Blinks.first(right, left, change, 0, RULES).isEmpty());
  }

  @Test
  void eyesChangedWithoutADipAreNotABlink() {
    // A glance aside changes the eyes' pixels, but the lids stay open.
    double[] right = open(20, 0.3), left = open(20, 0.3), change = still(20);
    change[8] = 3;
    assertTrue(Blinks.first(right, left, change, 0, RULES).isEmpty());
  }

  /** Eyes that change as much as the rest of the face in every frame. */
  private static double[] still(int frames) {
    double[] values = new double[frames];
    Arrays.fill(values, 1);
    return values;
  }

  private static void set(
      double[] right, double[] left, int frame, double rightValue, double leftValue) {
    right[frame] = rightValue;
    left[frame] = leftValue;
  }

  private static double[] open(int frames, double level) {
    double[] values = new double[frames];
    for (int i = 0; i < frames; i++) {
      values[i] = level * (1 + 0.02 * Math.sin(i));
    }
    return values;
  }
}
