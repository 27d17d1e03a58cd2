package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Eye change against the face's own change, on synthetic regions. */
@FastTier
class EyeChangeTest {
  private final Random random = new Random(3);
  private final float[] eye = pattern(), nose = pattern(), cheek = pattern();

  @Test
  void eyesThatChangeAloneStandOut() {
    List<FaceRegions> frames = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      frames.add(regions(noisy(i == 4 ? pattern() : eye, 0.1), noisy(nose, 0.1)));
    }
    double[] change = EyeChange.of(frames);
    assertTrue(change[4] > 3, "the changed eyes: " + change[4]);
    assertTrue(change[0] < 1.5, "the usual eyes: " + change[0]);
  }

  @Test
  void aFaceThatChangesAllOverIsNotAClosingEye() {
    // A moved or bent print: every region departs from its usual look by the same amount.
    List<FaceRegions> frames = new ArrayList<>();
    for (int i = 0; i < 9; i++) {
      double noise = i == 4 ? 1 : 0.1;
      frames.add(regions(noisy(eye, noise), noisy(nose, noise)));
    }
    assertEquals(1, EyeChange.of(frames)[4], 0.3);
  }

  private FaceRegions regions(float[] eyes, float[] reference) {
    return new FaceRegions(eyes, eyes, new float[][] {reference, noisy(cheek, 0.1)});
  }

  private float[] pattern() {
    float[] out = new float[200];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) random.nextGaussian();
    }
    return out;
  }

  private float[] noisy(float[] base, double amount) {
    float[] out = base.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] += (float) (amount * random.nextGaussian());
    }
    return out;
  }
}
