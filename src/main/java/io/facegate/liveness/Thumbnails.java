package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facegate.vision.Detection;
import java.nio.ByteBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/** A 32x32 grey copy of the face box: enough to tell a repeated picture from a new capture. */
final class Thumbnails {
  static final int SIDE = 32;

  private Thumbnails() {}

  static byte[] of(Mat bgr, Detection face) {
    int left = clamp(Math.round(face.x()), bgr.cols() - 1),
        top = clamp(Math.round(face.y()), bgr.rows() - 1);
    int right = clamp(Math.round(face.x() + face.width()), bgr.cols()),
        bottom = clamp(Math.round(face.y() + face.height()), bgr.rows());
    try (Mat box =
            new Mat(
                bgr, new Rect(left, top, Math.max(1, right - left), Math.max(1, bottom - top)));
        Mat grey = new Mat();
        Mat small = new Mat()) {
      cvtColor(box, grey, COLOR_BGR2GRAY);
      resize(grey, small, new Size(SIDE, SIDE), 0, 0, INTER_AREA);
      byte[] out = new byte[SIDE * SIDE];
      small.<ByteBuffer>createBuffer().get(out);
      return out;
    }
  }

  /** Mean absolute difference in grey levels (0-255). */
  static double meanDifference(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
    }
    return (double) sum / a.length;
  }

  private static int clamp(int value, int max) {
    return Math.max(0, Math.min(max, value));
  }
}
