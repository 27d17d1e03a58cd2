package io.facegate.service;

import static io.facegate.testing.GeneratedPhotos.jpeg;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.DotProduct;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import io.facegate.vision.Detection;
import java.util.Comparator;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** Which face a probe photo is read from, with the real pipeline. */
@ModelsTier
class FaceReaderTest {
  private final FaceReader reader = Models.defaults().faceReader(Models.pipeline());

  /**
   * A bystander cut by the photo's edge loses to a whole face even when the cut one is larger (in
   * LFW and in door-camera frames alike, the person the photo is of is the one it shows whole).
   */
  @Test
  void probePrefersAWholeFaceToALargerOneCutByTheEdge() {
    byte[] whole = TestPhotos.read(TestPhotos.path("people/biden/biden.jpg"));
    byte[] cut = TestPhotos.read(TestPhotos.path("people/obama/obama.jpg"));
    byte[] scene = compose(whole, 300, 40, 60, cut, 480, 650, 40);
    try (Mat image = Models.pipeline().decode(scene)) {
      List<Detection> faces = Models.pipeline().detect(image);
      assertEquals(2, faces.size(), "both faces are found");
      Detection larger =
          faces.stream().max(Comparator.comparingDouble(Detection::area)).orElseThrow();
      assertTrue(
          larger.x() + larger.width() > image.cols(),
          "the larger face is the one cut by the edge: " + larger);
    }
    float[] chosen = reader.forProbe(scene).embedding();
    float[] wholeAlone = reader.forProbe(whole).embedding();
    float[] cutAlone = reader.forProbe(cut).embedding();
    assertTrue(
        DotProduct.dot(chosen, wholeAlone) > 0.6,
        "the whole face: " + DotProduct.dot(chosen, wholeAlone));
    assertTrue(
        DotProduct.dot(chosen, cutAlone) < 0.3,
        "not the cut one: " + DotProduct.dot(chosen, cutAlone));
  }

  /**
   * A 20 MP camera photo is decoded at a quarter of its size (ImageDecoder#decodeForFaces), yet
   * read as the same face as a copy scaled down beforehand, and its box and size are reported in
   * its own pixels.
   */
  @Test
  void aLargePhotoIsReadReducedAndReportedInItsOwnPixels() {
    byte[] large = TestPhotos.read(TestPhotos.path("compreface/sampleA/002_A.jpg")); // 3880x5184
    byte[] quarter;
    try (Mat image = Models.pipeline().decode(large);
        Mat small = new Mat()) {
      resize(image, small, new Size(image.cols() / 4, image.rows() / 4), 0, 0, INTER_AREA);
      quarter = jpeg(small);
    }
    FaceReading big = reader.forProbe(large), reference = reader.forProbe(quarter);
    assertEquals(4 * reference.chosen().x(), big.chosen().x(), 0.02 * big.chosen().width());
    assertEquals(4 * reference.chosen().width(), big.chosen().width(), 0.02 * big.chosen().width());
    assertEquals(
        4 * reference.quality().faceSize(),
        big.quality().faceSize(),
        0.02 * big.quality().faceSize());
    assertTrue(
        big.quality().faceSize() > 1000, "in the photo's pixels: " + big.quality().faceSize());
    double same = DotProduct.dot(big.embedding(), reference.embedding());
    assertTrue(same > 0.98, "the same face read both ways: " + same);
  }

  /**
   * A 900x560 grey JPEG with photo a scaled to height ha at (xa, ya) and b to height hb at (xb,
   * yb), clipped.
   */
  private static byte[] compose(
      byte[] a, int ha, int xa, int ya, byte[] b, int hb, int xb, int yb) {
    try (Mat canvas = new Mat(560, 900, CV_8UC3, Scalar.all(128))) {
      paste(canvas, a, ha, xa, ya);
      paste(canvas, b, hb, xb, yb);
      return jpeg(canvas);
    }
  }

  private static void paste(Mat canvas, byte[] photo, int height, int x, int y) {
    try (Mat image = Models.pipeline().decode(photo);
        Mat scaled = new Mat()) {
      int width = (int) Math.round((double) image.cols() * height / image.rows());
      resize(image, scaled, new Size(width, height), 0, 0, INTER_AREA);
      int w = Math.min(width, canvas.cols() - x), h = Math.min(height, canvas.rows() - y);
      try (Mat from = new Mat(scaled, new Rect(0, 0, w, h));
          Mat to = new Mat(canvas, new Rect(x, y, w, h))) {
        from.copyTo(to);
      }
    }
  }
}
