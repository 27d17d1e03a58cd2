package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.absdiff;
import static org.bytedeco.opencv.global.opencv_core.mean;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.testing.TestPhotos;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

@FastTier
class AreaShrinkTest {
  @Test
  void staysCloseToAreaInterpolationWherePlainSamplingAliases() {
    try (Mat photo =
            imdecode(
                new Mat(new BytePointer(TestPhotos.bytes("people/obama/obama.jpg"))),
                IMREAD_COLOR);
        Mat fast = new Mat();
        Mat area = new Mat();
        Mat sampled = new Mat()) {
      // 6.67 times smaller: a detector's letterbox of a large photo.
      int width = photo.cols() * 3 / 20, height = photo.rows() * 3 / 20;
      resize(photo, area, new Size(width, height), 0, 0, INTER_AREA);
      AreaShrink.to(photo, fast, width, height);
      resize(photo, sampled, new Size(width, height), 0, 0, INTER_LINEAR);
      assertEquals(width, fast.cols());
      assertEquals(height, fast.rows());
      double averaged = meanDifference(fast, area), aliased = meanDifference(sampled, area);
      // Plain bilinear sampling skips most pixels and lands several grey levels away.
      assertTrue(averaged < 0.5 && aliased > 5 * averaged, averaged + " against " + aliased);
    }
  }

  @Test
  void enlargesToTheAskedSize() {
    try (Mat small = new Mat(30, 40, CV_8UC3);
        Mat larger = new Mat()) {
      AreaShrink.to(small, larger, 80, 60);
      assertEquals(80, larger.cols());
      assertEquals(60, larger.rows());
    }
  }

  private static double meanDifference(Mat a, Mat b) {
    try (Mat difference = new Mat()) {
      absdiff(a, b, difference);
      return mean(difference).get(0);
    }
  }
}
