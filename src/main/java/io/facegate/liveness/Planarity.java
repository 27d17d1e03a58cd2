package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.DECOMP_SVD;
import static org.bytedeco.opencv.global.opencv_core.solve;

import io.facegate.vision.FaceMesh;
import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How far the face's landmarks in two frames are from being one flat picture seen twice. Any view
 * of a plane (a print, a screen) moved or tilted maps to any other by one homography; the landmarks
 * of a real head turning do not, because the nose tip, the eyes and the outline lie at different
 * depths. The residual is the RMS distance between the landmarks of the second frame and the first
 * frame's mapped by the best homography, over the inter-ocular distance.
 *
 * <p>The fit is the normalised direct linear transform solved by least squares with OpenCV core's
 * SVD, which is what findHomography does before its refinement; findHomography itself lives in
 * calib3d, whose natives (with features2d and flann, about 5 MB per platform) the jar does not
 * ship.
 */
public final class Planarity {
  /**
   * Points that move with the skull, not with expression: the nose ridge and tip, the eye corners,
   * the forehead, cheekbones and the outline above the jaw. Lids, lips, brows and the jaw move on
   * their own.
   */
  static final int[] RIGID = {
    1, 4, 5, 6, 168, 197, 195, 33, 133, 362, 263, 10, 151, 109, 338, 67, 297, 103, 332, 54, 284, 21,
    251, 162, 389, 127, 356, 234, 454, 93, 323, 132, 361, 50, 280, 123, 352
  };

  private static final int[] RIGHT_EYE_CORNERS = {33, 133};
  private static final int[] LEFT_EYE_CORNERS = {362, 263};

  private Planarity() {}

  public static double residual(FaceMesh from, FaceMesh to) {
    return residual(points(from), points(to)) / interOcular(to);
  }

  /**
   * The inter-ocular distance in pixels: the distance between the midpoints of each eye's corners.
   */
  public static double interOcular(FaceMesh mesh) {
    double rx = (mesh.x(RIGHT_EYE_CORNERS[0]) + mesh.x(RIGHT_EYE_CORNERS[1])) / 2;
    double ry = (mesh.y(RIGHT_EYE_CORNERS[0]) + mesh.y(RIGHT_EYE_CORNERS[1])) / 2;
    double lx = (mesh.x(LEFT_EYE_CORNERS[0]) + mesh.x(LEFT_EYE_CORNERS[1])) / 2;
    double ly = (mesh.y(LEFT_EYE_CORNERS[0]) + mesh.y(LEFT_EYE_CORNERS[1])) / 2;
    return Math.hypot(lx - rx, ly - ry);
  }

  private static double[][] points(FaceMesh mesh) {
    double[][] p = new double[RIGID.length][];
    for (int i = 0; i < RIGID.length; i++) {
      p[i] = new double[] {mesh.x(RIGID[i]), mesh.y(RIGID[i])};
    }
    return p;
  }

  /**
   * RMS reprojection error in pixels of the least-squares homography taking {@code a} to {@code b}.
   */
  static double residual(double[][] a, double[][] b) {
    double[] h = homography(a, b);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      double[] mapped = apply(h, a[i]);
      sum += Math.pow(mapped[0] - b[i][0], 2) + Math.pow(mapped[1] - b[i][1], 2);
    }
    return Math.sqrt(sum / a.length);
  }

  static double[] apply(double[] h, double[] p) {
    double w = h[6] * p[0] + h[7] * p[1] + h[8];
    return new double[] {
      (h[0] * p[0] + h[1] * p[1] + h[2]) / w, (h[3] * p[0] + h[4] * p[1] + h[5]) / w
    };
  }

  /**
   * Row-major 3x3 homography, h33 = 1, from points normalised to mean 0 and mean distance sqrt(2).
   */
  static double[] homography(double[][] a, double[][] b) {
    double[] ta = normalising(a), tb = normalising(b);
    int n = a.length;
    try (Mat lhs = new Mat(2 * n, 8, CV_64F);
        Mat rhs = new Mat(2 * n, 1, CV_64F);
        Mat x = new Mat()) {
      DoubleBuffer l = lhs.createBuffer(), r = rhs.createBuffer();
      for (int i = 0; i < n; i++) {
        double px = ta[0] * (a[i][0] - ta[1]), py = ta[0] * (a[i][1] - ta[2]);
        double u = tb[0] * (b[i][0] - tb[1]), v = tb[0] * (b[i][1] - tb[2]);
        l.put(new double[] {px, py, 1, 0, 0, 0, -u * px, -u * py});
        l.put(new double[] {0, 0, 0, px, py, 1, -v * px, -v * py});
        r.put(u).put(v);
      }
      if (!solve(lhs, rhs, x, DECOMP_SVD)) {
        throw new IllegalStateException("homography fit failed");
      }
      double[] hn = new double[9];
      x.<DoubleBuffer>createBuffer().get(hn, 0, 8);
      hn[8] = 1;
      return denormalise(hn, ta, tb);
    }
  }

  /**
   * {scale, mean x, mean y}: the similarity that centres the points at 0 with mean distance
   * sqrt(2).
   */
  private static double[] normalising(double[][] p) {
    double mx = 0, my = 0;
    for (double[] q : p) {
      mx += q[0];
      my += q[1];
    }
    mx /= p.length;
    my /= p.length;
    double spread = 0;
    for (double[] q : p) {
      spread += Math.hypot(q[0] - mx, q[1] - my);
    }
    spread /= p.length;
    return new double[] {spread == 0 ? 1 : Math.sqrt(2) / spread, mx, my};
  }

  /** H = Tb^-1 Hn Ta with T = [[s,0,-s mx],[0,s,-s my],[0,0,1]]. */
  private static double[] denormalise(double[] hn, double[] ta, double[] tb) {
    double[] t = {ta[0], 0, -ta[0] * ta[1], 0, ta[0], -ta[0] * ta[2], 0, 0, 1};
    double[] tbInv = {1 / tb[0], 0, tb[1], 0, 1 / tb[0], tb[2], 0, 0, 1};
    return multiply(tbInv, multiply(hn, t));
  }

  private static double[] multiply(double[] m, double[] n) {
    double[] out = new double[9];
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 3; k++) {
          out[3 * r + c] += m[3 * r + k] * n[3 * k + c];
        }
      }
    }
    return out;
  }
}
