package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.nio.DoubleBuffer;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/** The face mesh's five alignment points on real portraits. */
@ModelsTier
class FaceLandmarkerTest {
  private static final FaceLandmarker LANDMARKER =
      new FaceLandmarker(
          new OnnxModel(
              FaceLandmarker.FILE,
              ModelRepository.directory(Path.of("models")).read(FaceLandmarker.FILE),
              new InferenceSettings(1)));

  @Test
  void fivePointsSitWhereTheFaceIs() {
    for (Path photo : TestPhotos.people().values().stream().flatMap(List::stream).toList()) {
      try (Mat image = Models.pipeline().decode(TestPhotos.read(photo))) {
        Detection face = Models.pipeline().detect(image).get(0);
        List<Point> five = LANDMARKER.fivePoints(image, face);
        Point rightEye = five.get(0), leftEye = five.get(1), nose = five.get(2);
        Point mouthRight = five.get(3), mouthLeft = five.get(4);
        double eyes = distance(rightEye, leftEye);
        assertTrue(eyes > face.width() / 6, photo + ": eye distance " + eyes);
        assertTrue(
            rightEye.x() < leftEye.x() && mouthRight.x() < mouthLeft.x(),
            photo + ": subject's right is image left");
        assertTrue(nose.y() > (rightEye.y() + leftEye.y()) / 2, photo + ": nose below the eyes");
        assertTrue(
            (mouthRight.y() + mouthLeft.y()) / 2 > nose.y(), photo + ": mouth below the nose");
        // The mesh refines the detector's coarse eye points; it does not move them to another
        // feature.
        assertTrue(
            distance(rightEye, face.keypoint(Detection.RIGHT_EYE)) < eyes / 4,
            photo + ": right eye");
        assertTrue(
            distance(leftEye, face.keypoint(Detection.LEFT_EYE)) < eyes / 4, photo + ": left eye");
      }
    }
  }

  /**
   * The region of interest follows the head's roll, so a tilted photo gives the same points,
   * tilted.
   */
  @Test
  void pointsFollowTheFaceWhenThePhotoIsRotated() {
    Path photo = TestPhotos.path("people/obama/obama-480p.jpg");
    try (Mat image = Models.pipeline().decode(TestPhotos.read(photo));
        Mat rotated = new Mat()) {
      List<Point> upright = LANDMARKER.fivePoints(image, Models.pipeline().detect(image).get(0));
      Point2f centre = new Point2f(image.cols() / 2f, image.rows() / 2f);
      try (Mat rotation = getRotationMatrix2D(centre, 25, 1)) {
        warpAffine(
            image,
            rotated,
            rotation,
            new Size(image.cols(), image.rows()),
            INTER_LINEAR,
            BORDER_CONSTANT,
            Scalar.all(0));
        double[] m = new double[6];
        rotation.<DoubleBuffer>createBuffer().get(m);
        List<Point> tilted =
            LANDMARKER.fivePoints(rotated, Models.pipeline().detect(rotated).get(0));
        double eyes = distance(upright.get(0), upright.get(1));
        for (int i = 0; i < 5; i++) {
          Point p = upright.get(i);
          Point expected =
              new Point(
                  (float) (m[0] * p.x() + m[1] * p.y() + m[2]),
                  (float) (m[3] * p.x() + m[4] * p.y() + m[5]));
          assertTrue(
              distance(expected, tilted.get(i)) < eyes * 0.1,
              "point " + i + ": " + expected + " vs " + tilted.get(i));
        }
      }
    }
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
