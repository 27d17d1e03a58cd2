package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.meanStdDev;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.Laplacian;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import io.facegate.vision.Detection;
import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * How much fine detail the face shows for its contrast: the variance of the Laplacian over the
 * variance of the grey levels, on the face box scaled to 64x64 so near and far faces compare. A
 * face filmed off a screen has passed through two lenses and the screen's pixels, each of which
 * blurs it, so its detail falls while its shading (contrast) stays.
 */
public final class Sharpness {
  static final int SIDE = 64;

  private Sharpness() {}

  /**
   * The ratio on the face box scaled to 64x64; 0 for a face smaller than that, whose upscaling
   * would blur it like a recapture: a live face 48 px wide measures 0.04-0.09, as a replay does.
   */
  public static double of(Mat bgr, Detection face) {
    if (Math.min(face.width(), face.height()) < SIDE) {
      return 0;
    }
    try (Mat box = new Mat(bgr, inside(face, bgr));
        Mat small = new Mat();
        Mat grey = new Mat()) {
      resize(box, small, new Size(SIDE, SIDE), 0, 0, INTER_AREA);
      cvtColor(small, grey, COLOR_BGR2GRAY);
      return ofGrey(grey);
    }
  }

  /** The ratio on a grey image as it is. */
  public static double ofGrey(Mat grey) {
    try (Mat laplacian = new Mat()) {
      Laplacian(grey, laplacian, CV_64F);
      return variance(laplacian) / Math.max(variance(grey), 1e-9);
    }
  }

  private static double variance(Mat m) {
    try (Mat mean = new Mat();
        Mat deviation = new Mat()) {
      meanStdDev(m, mean, deviation);
      double sd = deviation.<DoubleBuffer>createBuffer().get(0);
      return sd * sd;
    }
  }

  static Rect inside(Detection face, Mat image) {
    int left = Math.max(0, Math.min(image.cols() - 1, Math.round(face.x())));
    int top = Math.max(0, Math.min(image.rows() - 1, Math.round(face.y())));
    int right = Math.min(image.cols(), Math.round(face.x() + face.width()));
    int bottom = Math.min(image.rows(), Math.round(face.y() + face.height()));
    return new Rect(left, top, Math.max(1, right - left), Math.max(1, bottom - top));
  }
}
