package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.vision.Detection;
import io.facegate.vision.FaceMesh;
import io.facegate.vision.Point;
import io.facegate.vision.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The judge's sequence-wide rules on synthetic frames: frame count, repeated frames, one person
 * throughout.
 */
@FastTier
class LivenessJudgeTest {
  private static final LivenessJudge JUDGE = new LivenessJudge(LivenessRules.defaults());

  /** The same look of eyes and face in every frame. */
  private static final FaceRegions REGIONS =
      new FaceRegions(new float[] {1, -1}, new float[] {1, -1}, new float[][] {{1, -1}});

  /** A frontal face: the nose key point in the middle of the box. */
  private static final Detection FACE =
      new Detection(
          100,
          100,
          200,
          200,
          0.9f,
          List.of(
              new Point(150, 170),
              new Point(250, 170),
              new Point(200, 220),
              new Point(200, 260),
              new Point(110, 190),
              new Point(290, 190)));

  private final Random random = new Random(7);
  private final FaceMesh mesh = mesh();
  private final float[] person = unit(random, 128);

  @Test
  void fewerThanThreeFramesAreRefused() {
    List<FaceFrame> two = List.of(frame(person, 1), frame(person, 2));
    assertThrows(IllegalArgumentException.class, () -> JUDGE.motion(two));
  }

  @Test
  void moreThanThirtyFramesAreRefused() {
    List<FaceFrame> many = new ArrayList<>();
    for (int i = 0; i < 31; i++) {
      many.add(frame(person, i));
    }
    assertThrows(
        IllegalArgumentException.class, () -> JUDGE.challenge(List.of(Action.BLINK), many));
  }

  @Test
  void distinctFramesOfOnePersonPassTheSequenceWideChecks() {
    Verdict verdict = JUDGE.motion(List.of(frame(person, 1), frame(person, 2), frame(person, 3)));
    assertTrue(verdict.distinctFrames());
    assertTrue(verdict.samePerson());
  }

  @Test
  void aRepeatedFrameIsRefused() {
    FaceFrame once = frame(person, 1);
    Verdict verdict = JUDGE.motion(List.of(once, frame(person, 2), once));
    assertFalse(verdict.distinctFrames());
    assertFalse(verdict.passed());
  }

  @Test
  void anotherFaceSwappedInIsRefused() {
    float[] stranger = unit(random, 128);
    Verdict verdict = JUDGE.motion(List.of(frame(person, 1), frame(person, 2), frame(stranger, 3)));
    assertFalse(verdict.samePerson());
    assertFalse(verdict.passed());
  }

  @Test
  void aFaceTooBlurredForOneCaptureIsRefused() {
    List<FaceFrame> frames = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      FaceFrame sharp = frame(person, i);
      frames.add(
          new FaceFrame(
              sharp.face(),
              sharp.mesh(),
              sharp.embedding(),
              sharp.thumbnail(),
              0.03,
              sharp.regions()));
    }
    Verdict verdict = JUDGE.motion(frames);
    assertFalse(verdict.sharpEnough());
    assertFalse(verdict.passed());
    assertTrue(
        JUDGE.motion(List.of(frame(person, 1), frame(person, 2), frame(person, 3))).sharpEnough());
  }

  /**
   * Same face box and mesh (same pose) every time, so only the embedding and the thumbnail differ
   * between frames.
   */
  private FaceFrame frame(float[] embedding, int seed) {
    byte[] thumbnail = new byte[Thumbnails.SIDE * Thumbnails.SIDE];
    new Random(seed).nextBytes(thumbnail);
    return new FaceFrame(FACE, mesh, embedding, thumbnail, 0.5, REGIONS);
  }

  private FaceMesh mesh() {
    float[] xyz = new float[FaceMesh.POINTS * 3];
    for (int i = 0; i < xyz.length; i++) {
      xyz[i] = 100 + 200 * random.nextFloat();
    }
    return new FaceMesh(xyz);
  }

  private static float[] unit(Random random, int dimensions) {
    float[] v = new float[dimensions];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return Vectors.normalize(v);
  }
}
