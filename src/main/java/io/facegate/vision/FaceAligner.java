package io.facegate.vision;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.BORDER_CONSTANT;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

/**
 * Warps a detected face onto the 112x112 template the embedder was trained with: a similarity
 * transform (rotation, uniform scale, translation) fitted by least squares from the eyes, nose tip
 * and mouth centre.
 */
public final class FaceAligner {
  public static final int SIZE = 112;
  /** The usual ArcFace 5-point template with the two mouth corners merged into their mean. */
  private static final double[][] TEMPLATE = {
      {38.2946, 51.6963}, {73.5318, 51.5014}, {56.0252, 71.7366}, {56.1396, 92.2848}};
  private static final int[] KEYPOINTS = {Detection.RIGHT_EYE, Detection.LEFT_EYE, Detection.NOSE, Detection.MOUTH};

  /** The aligned BGR crop; the caller closes it. */
  public Mat align(Mat bgr, Detection face) {
    double[] m = similarity(face);
    Mat aligned = new Mat();
    try (Mat transform = new Mat(2, 3, CV_64F)) {
      java.nio.DoubleBuffer values = transform.createBuffer();
      values.put(m);
      warpAffine(bgr, aligned, transform, new Size(SIZE, SIZE), INTER_LINEAR, BORDER_CONSTANT, Scalar.all(0));
    }
    return aligned;
  }

  /**
   * Closed-form least-squares similarity (the 2-D Umeyama solution without reflection). Written
   * out because OpenCV's estimateAffinePartial2D is a robust (RANSAC) estimator meant for many
   * noisy matches, not four fixed landmarks. Returns the 2x3 matrix row-major.
   */
  static double[] similarity(Detection face) {
    int n = KEYPOINTS.length;
    double sx = 0, sy = 0, tx = 0, ty = 0;
    for (int i = 0; i < n; i++) {
      Point p = face.keypoint(KEYPOINTS[i]);
      sx += p.x();
      sy += p.y();
      tx += TEMPLATE[i][0];
      ty += TEMPLATE[i][1];
    }
    sx /= n;
    sy /= n;
    tx /= n;
    ty /= n;
    double dot = 0, cross = 0, norm = 0;
    for (int i = 0; i < n; i++) {
      Point p = face.keypoint(KEYPOINTS[i]);
      double px = p.x() - sx, py = p.y() - sy;
      double qx = TEMPLATE[i][0] - tx, qy = TEMPLATE[i][1] - ty;
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
