package io.facegate.liveness;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;

import io.facegate.vision.FaceMesh;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The two eyes and four reference regions (nose, both cheeks, forehead) of one face, cut from a
 * grey copy aligned by the mesh's eye corners (eyes 48 px apart) and each brought to zero mean and
 * unit spread, so a change of light or exposure does not count as a change of the region.
 */
public record FaceRegions(float[] rightEye, float[] leftEye, float[][] references) {
  private static final int SIDE = 160;
  private static final double EYE_Y = 64, RIGHT_EYE_X = 56, LEFT_EYE_X = 104;

  /** {x0, x1, y0, y1} in the aligned copy. */
  private static final int[] RIGHT_EYE = {44, 69, 57, 72}, LEFT_EYE = {92, 117, 57, 72};

  private static final int[][] REFERENCES = {
    {66, 95, 52, 100}, {40, 72, 80, 100}, {88, 120, 80, 100}, {50, 110, 20, 45}
  };

  /** Outer and inner corner of each eye, the subject's right eye first. */
  private static final int[] RIGHT_CORNERS = {33, 133}, LEFT_CORNERS = {362, 263};

  public static FaceRegions of(Mat bgr, FaceMesh mesh) {
    try (Mat grey = aligned(bgr, mesh)) {
      byte[] pixels = new byte[SIDE * SIDE];
      grey.<ByteBuffer>createBuffer().get(pixels);
      float[][] references = new float[REFERENCES.length][];
      for (int i = 0; i < references.length; i++) {
        references[i] = region(pixels, REFERENCES[i]);
      }
      return new FaceRegions(region(pixels, RIGHT_EYE), region(pixels, LEFT_EYE), references);
    }
  }

  /** The similarity transform that puts the eye centres where the regions expect them. */
  private static Mat aligned(Mat bgr, FaceMesh mesh) {
    double rx = (mesh.x(RIGHT_CORNERS[0]) + mesh.x(RIGHT_CORNERS[1])) / 2,
        ry = (mesh.y(RIGHT_CORNERS[0]) + mesh.y(RIGHT_CORNERS[1])) / 2;
    double lx = (mesh.x(LEFT_CORNERS[0]) + mesh.x(LEFT_CORNERS[1])) / 2,
        ly = (mesh.y(LEFT_CORNERS[0]) + mesh.y(LEFT_CORNERS[1])) / 2;
    double dx = lx - rx, dy = ly - ry, distance = Math.max(1e-6, Math.hypot(dx, dy));
    double scale = (LEFT_EYE_X - RIGHT_EYE_X) / distance;
    double c = scale * dx / distance, s = scale * dy / distance;
    Mat grey = new Mat();
    try (Mat transform = new Mat(2, 3, CV_64F);
        Mat colour = new Mat()) {
      transform
          .<DoubleBuffer>createBuffer()
          .put(
              new double[] {
                c, s, RIGHT_EYE_X - (c * rx + s * ry), -s, c, EYE_Y - (-s * rx + c * ry)
              });
      warpAffine(bgr, colour, transform, new Size(SIDE, SIDE), INTER_LINEAR, 0, new Scalar());
      cvtColor(colour, grey, COLOR_BGR2GRAY);
    }
    return grey;
  }

  private static float[] region(byte[] pixels, int[] box) {
    int width = box[1] - box[0], height = box[3] - box[2];
    float[] out = new float[width * height];
    double sum = 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        out[y * width + x] = pixels[(box[2] + y) * SIDE + box[0] + x] & 0xff;
        sum += out[y * width + x];
      }
    }
    double mean = sum / out.length, squares = 0;
    for (float v : out) {
      squares += (v - mean) * (v - mean);
    }
    double spread = Math.sqrt(squares / out.length) + 1e-6;
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((out[i] - mean) / spread);
    }
    return out;
  }
}
