package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * An affine warp of a photo region onto a small square, safe for large faces. warpAffine samples
 * only the few source pixels around each output pixel, so shrinking a 700-pixel face to 112 pixels
 * aliases (it keeps 1 pixel in 6 and drops the rest). When the map shrinks by more than half, the
 * region it reads is first reduced with area averaging (cheap: only that region, not the photo),
 * and the warp then runs at about 1:1.
 */
final class AffineWarp {
  private static final double MAX_SHRINK = 0.5;

  private AffineWarp() {}

  /**
   * The {@code size} x {@code size} image whose pixel (u, v) is the photo at {@code toPhoto}
   * applied to (u, v); {@code toPhoto} is a 2x3 row-major matrix. Outside the photo is black. The
   * caller closes it.
   */
  static Mat square(Mat bgr, double[] toPhoto, int size, int interpolation) {
    double scale = Math.hypot(toPhoto[0], toPhoto[3]); // photo pixels per output pixel
    if (1 / scale >= MAX_SHRINK) {
      return warp(bgr, invert(toPhoto), size, interpolation);
    }
    Rect region = bounds(toPhoto, size, bgr.cols(), bgr.rows());
    if (region.width() < 2 || region.height() < 2) {
      return warp(bgr, invert(toPhoto), size, interpolation);
    }
    double reduce = 1 / scale; // shrink the region so the warp runs at about 1:1
    try (Mat part = new Mat(bgr, region);
        Mat small = new Mat()) {
      int w = Math.max(1, (int) Math.round(region.width() * reduce));
      int h = Math.max(1, (int) Math.round(region.height() * reduce));
      AreaShrink.to(part, small, w, h);
      double sx = (double) w / region.width(), sy = (double) h / region.height();
      // output -> photo -> region -> reduced region
      double[] toSmall = {
        toPhoto[0] * sx, toPhoto[1] * sx, (toPhoto[2] - region.x()) * sx,
        toPhoto[3] * sy, toPhoto[4] * sy, (toPhoto[5] - region.y()) * sy
      };
      return warp(small, invert(toSmall), size, interpolation);
    }
  }

  private static Mat warp(Mat source, double[] toOutput, int size, int interpolation) {
    Mat out = new Mat();
    try (Mat transform = new Mat(2, 3, CV_64F)) {
      transform.<DoubleBuffer>createBuffer().put(toOutput);
      warpAffine(
          source,
          out,
          transform,
          new Size(size, size),
          interpolation,
          BORDER_CONSTANT,
          Scalar.all(0));
    }
    return out;
  }

  /**
   * The photo pixels the output square reads from (plus a pixel for the interpolation kernel),
   * clipped.
   */
  private static Rect bounds(double[] toPhoto, int size, int cols, int rows) {
    double minX = Double.MAX_VALUE,
        minY = Double.MAX_VALUE,
        maxX = -Double.MAX_VALUE,
        maxY = -Double.MAX_VALUE;
    for (int corner = 0; corner < 4; corner++) {
      double u = (corner & 1) * size, v = (corner >> 1) * size;
      double x = toPhoto[0] * u + toPhoto[1] * v + toPhoto[2];
      double y = toPhoto[3] * u + toPhoto[4] * v + toPhoto[5];
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    int x0 = Math.max(0, (int) Math.floor(minX) - 1), y0 = Math.max(0, (int) Math.floor(minY) - 1);
    int x1 = Math.min(cols, (int) Math.ceil(maxX) + 2),
        y1 = Math.min(rows, (int) Math.ceil(maxY) + 2);
    return new Rect(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
  }

  /** Inverse of a 2x3 affine map, row-major. */
  static double[] invert(double[] m) {
    double det = m[0] * m[4] - m[1] * m[3];
    if (det == 0) {
      throw new IllegalArgumentException("singular transform");
    }
    double a = m[4] / det, b = -m[1] / det, c = -m[3] / det, d = m[0] / det;
    return new double[] {a, b, -(a * m[2] + b * m[5]), c, d, -(c * m[2] + d * m[5])};
  }
}
