package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;

import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Warps a face onto the 112x112 template the embedder was trained with: a similarity transform
 * (rotation, uniform scale, translation) fitted by least squares to landmarks. Either the five
 * points of the face mesh (eye centres, nose tip, mouth corners) on the usual ArcFace template, or,
 * without the mesh, the detector's eyes, nose tip and mouth centre on the same template with the
 * mouth corners merged into their mean. Bicubic sampling: on lfw-dev it gave 10-fold accuracy
 * 98.97% against 98.91% for bilinear, and DIR at FPIR 1% 92.6% against 91.2%.
 */
public final class FaceAligner {
  public static final int SIZE = 112;
  private static final double[][] FIVE_POINT_TEMPLATE = {
    {38.2946, 51.6963},
    {73.5318, 51.5014},
    {56.0252, 71.7366},
    {41.5493, 92.3655},
    {70.7299, 92.2041}
  };
  private static final double[][] DETECTOR_TEMPLATE = {
    {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {56.1396, 92.2848}
  };

  /** From the detector's key points alone; the caller closes the crop. */
  public Mat align(Mat bgr, Detection face) {
    List<Point> points =
        List.of(
            face.keypoint(Detection.RIGHT_EYE),
            face.keypoint(Detection.LEFT_EYE),
            face.keypoint(Detection.NOSE),
            face.keypoint(Detection.MOUTH));
    return warp(bgr, similarity(points, DETECTOR_TEMPLATE));
  }

  /** From {@link FaceLandmarker#fivePoints}; the caller closes the crop. */
  public Mat alignFive(Mat bgr, List<Point> fivePoints) {
    return warp(bgr, similarity(fivePoints, FIVE_POINT_TEMPLATE));
  }

  private static Mat warp(Mat bgr, double[] toCrop) {
    return AffineWarp.square(bgr, AffineWarp.invert(toCrop), SIZE, INTER_CUBIC);
  }

  /**
   * Closed-form least-squares similarity (the 2-D Umeyama solution without reflection). Written out
   * because OpenCV's estimateAffinePartial2D is a robust (RANSAC) estimator meant for many noisy
   * matches, not a handful of fixed landmarks. Returns the 2x3 matrix row-major.
   */
  static double[] similarity(List<Point> from, double[][] to) {
    int n = from.size();
    double sx = 0, sy = 0, tx = 0, ty = 0;
    for (int i = 0; i < n; i++) {
      Point p = from.get(i);
      sx += p.x();
      sy += p.y();
      tx += to[i][0];
      ty += to[i][1];
    }
    sx /= n;
    sy /= n;
    tx /= n;
    ty /= n;
    double dot = 0, cross = 0, norm = 0;
    for (int i = 0; i < n; i++) {
      Point p = from.get(i);
      double px = p.x() - sx, py = p.y() - sy;
      double qx = to[i][0] - tx, qy = to[i][1] - ty;
      dot += px * qx + py * qy;
      cross += px * qy - py * qx;
      norm += px * px + py * py;
    }
    if (norm == 0) {
      throw new IllegalArgumentException("degenerate landmarks");
    }
    double a = dot / norm;
    double b = cross / norm;
    return new double[] {a, -b, tx - (a * sx - b * sy), b, a, ty - (b * sx + a * sy)};
  }
}
