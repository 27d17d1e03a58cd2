package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

/** Pose readings count only when a neighbouring frame agrees. */
@FastTier
class HeldPoseTest {
  @Test
  void aOneFrameJumpThereAndBackIsDropped() {
    assertArrayEquals(
        new double[] {-1, -1, -1, -1, -1}, HeldPose.of(new double[] {-2, -1, 25, -1, -1}), 1e-9);
  }

  @Test
  void aTurnThatIsHeldIsKept() {
    assertArrayEquals(
        new double[] {1, 1, 12, 25, 30, 30},
        HeldPose.of(new double[] {0, 1, 12, 25, 30, 31}),
        1e-9);
  }

  @Test
  void endFramesTakeTheirNeighboursValue() {
    assertArrayEquals(new double[] {5, 5, 5}, HeldPose.of(new double[] {40, 5, -40}), 1e-9);
  }
}
