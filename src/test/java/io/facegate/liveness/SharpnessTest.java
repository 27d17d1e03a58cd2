package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.vision.Detection;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** Detail per contrast on the face box: high for fine texture, low once blurred, 0 when tiny. */
@FastTier
class SharpnessTest {
  private static final double BAR = LivenessRules.defaults().recaptureSharpness();
  private static final Detection FACE = new Detection(20, 20, 120, 120, 0.9f, List.of());

  @Test
  void fineTextureIsSharpAndItsBlurredCopyIsNot() {
    try (Mat texture = texture();
        Mat blurred = new Mat()) {
      GaussianBlur(texture, blurred, new Size(0, 0), 6);
      assertTrue(Sharpness.of(texture, FACE) > BAR, "texture: " + Sharpness.of(texture, FACE));
      assertTrue(Sharpness.of(blurred, FACE) < BAR, "blurred: " + Sharpness.of(blurred, FACE));
    }
  }

  @Test
  void aFaceSmallerThanSixtyFourPixelsCountsAsNoDetail() {
    try (Mat texture = texture()) {
      assertEquals(0, Sharpness.of(texture, new Detection(20, 20, 50, 60, 0.9f, List.of())));
    }
  }

  /** A left-to-right shading (contrast without detail) under fine grain (detail). */
  private static Mat texture() {
    Mat image = new Mat(160, 160, CV_8UC3);
    byte[] pixels = new byte[160 * 160 * 3];
    Random random = new Random(3);
    for (int y = 0; y < 160; y++) {
      for (int x = 0; x < 160; x++) {
        int grey = Math.max(0, Math.min(255, 30 + x + random.nextInt(61) - 30));
        for (int c = 0; c < 3; c++) {
          pixels[3 * (160 * y + x) + c] = (byte) grey;
        }
      }
    }
    image.<ByteBuffer>createBuffer().put(pixels);
    return image;
  }
}
