package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_16S;
import static org.bytedeco.opencv.global.opencv_core.add;
import static org.bytedeco.opencv.global.opencv_core.convertScaleAbs;
import static org.bytedeco.opencv.global.opencv_core.countNonZero;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.Sobel;
import static org.bytedeco.opencv.global.opencv_imgproc.THRESH_BINARY_INV;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.threshold;

import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;

/**
 * Whether a detection is a face at all. BlazeFace alone gives some round, two-dotted things (a
 * pumpkin, a cartoon, a drawn blob) a face score; the face mesh, a second network trained on real
 * faces, must also say "face" through its face-presence output, its eyes, nose and mouth must land
 * where the detector put them (on a non-face the two networks guess independently and disagree),
 * and the face must not be flat colour: a drawing fools both networks, but skin photographed, even
 * out of focus, changes at least a little from pixel to pixel.
 *
 * @param minPresence the least face-presence score of the mesh (0-1)
 * @param maxDrift the farthest any of the mesh's eye, nose and mouth points may lie from the
 *     detector's, in units of the mesh's eye distance
 * @param maxFlatness the largest share (0-1) of the middle of the face box that may be flat colour
 */
public record FacePresence(double minPresence, double maxDrift, double maxFlatness) {
  /** How every refusal by this test begins. */
  public static final String NOT_A_FACE = "does not look like a face";

  /**
   * The middle of the face box: inside the cheeks and below the hairline, so flat backgrounds do
   * not count.
   */
  private static final double MARGIN = 0.2;

  /**
   * The evidence for one detection: the mesh's face-presence score, the detector-mesh drift, and
   * the share of the box's middle where the grey level does not change at all (both 3x3 Sobel
   * gradients 0).
   */
  public record Evidence(double presence, double drift, double flatness) {}

  /** {@code face} is in {@code bgr}'s pixels. */
  public static Evidence measure(Mat bgr, Detection face, FaceLandmarker.Reading reading) {
    return new Evidence(reading.presence(), drift(face, reading.mesh()), flatness(bgr, face));
  }

  /** Why the detection does not look like a face; empty when it does. */
  public Optional<String> problem(Evidence evidence) {
    if (evidence.presence() < minPresence) {
      return Optional.of(
          String.format(
              NOT_A_FACE + " (face mesh presence %.2f < %.2f)", evidence.presence(), minPresence));
    }
    if (evidence.drift() > maxDrift) {
      return Optional.of(
          String.format(
              NOT_A_FACE + " (eyes, nose and mouth disagree by %.2f eye" + " distances > %.2f)",
              evidence.drift(),
              maxDrift));
    }
    if (evidence.flatness() > maxFlatness) {
      return Optional.of(
          String.format(
              NOT_A_FACE + " (%.0f%% of it is flat colour > %.0f%%)",
              100 * evidence.flatness(),
              100 * maxFlatness));
    }
    return Optional.empty();
  }

  private static double drift(Detection face, FaceMesh mesh) {
    List<Point> five = FaceLandmarker.fivePoints(mesh);
    Point rightEye = five.get(0), leftEye = five.get(1), nose = five.get(2);
    Point mouth =
        new Point((five.get(3).x() + five.get(4).x()) / 2, (five.get(3).y() + five.get(4).y()) / 2);
    double eyes = Math.max(distance(rightEye, leftEye), 1);
    return Math.max(
            Math.max(
                distance(rightEye, face.keypoint(Detection.RIGHT_EYE)),
                distance(leftEye, face.keypoint(Detection.LEFT_EYE))),
            Math.max(
                distance(nose, face.keypoint(Detection.NOSE)),
                distance(mouth, face.keypoint(Detection.MOUTH))))
        / eyes;
  }

  /**
   * Measured in the photo's own pixels: an aligned crop is resampled, which would smooth a small
   * face flat.
   */
  private static double flatness(Mat bgr, Detection face) {
    int left = (int) Math.max(0, face.x() + face.width() * MARGIN);
    int top = (int) Math.max(0, face.y() + face.height() * MARGIN);
    int right = (int) Math.min(bgr.cols(), face.x() + face.width() * (1 - MARGIN));
    int bottom = (int) Math.min(bgr.rows(), face.y() + face.height() * (1 - MARGIN));
    if (right - left < 3 || bottom - top < 3) {
      return 0;
    }
    try (Mat middle = new Mat(bgr, new Rect(left, top, right - left, bottom - top));
        Mat grey = new Mat();
        Mat dx = new Mat();
        Mat dy = new Mat();
        Mat absX = new Mat();
        Mat absY = new Mat();
        Mat change = new Mat();
        Mat flat = new Mat()) {
      cvtColor(middle, grey, COLOR_BGR2GRAY);
      Sobel(grey, dx, CV_16S, 1, 0);
      Sobel(grey, dy, CV_16S, 0, 1);
      convertScaleAbs(dx, absX);
      convertScaleAbs(dy, absY);
      add(absX, absY, change);
      threshold(change, flat, 0, 255, THRESH_BINARY_INV);
      return countNonZero(flat) / (double) grey.total();
    }
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
