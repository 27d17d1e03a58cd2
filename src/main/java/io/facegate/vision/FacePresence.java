package io.facegate.vision;

import java.util.List;
import java.util.Optional;

/**
 * Whether a detection is a face at all. BlazeFace alone gives some round, two-dotted things (a pumpkin,
 * a cartoon) a face score; the face mesh, a second network trained on real faces, must also say
 * "face" through its face-presence output, and its eyes, nose and mouth must land where the detector
 * put them: on a non-face the two networks guess independently and disagree.
 *
 * @param minPresence the least face-presence score of the mesh (0-1)
 * @param maxDrift    the farthest any of the mesh's eye, nose and mouth points may lie from the
 *                    detector's, in units of the mesh's eye distance
 */
public record FacePresence(double minPresence, double maxDrift) {
  /** How every refusal by this test begins. */
  public static final String NOT_A_FACE = "it does not look like a face";

  /** The evidence for one detection: the mesh's face-presence score and the detector-mesh drift. */
  public record Evidence(double presence, double drift) {
  }

  public static Evidence measure(Detection face, FaceLandmarker.Reading reading) {
    List<Point> five = FaceLandmarker.fivePoints(reading.mesh());
    Point rightEye = five.get(0), leftEye = five.get(1), nose = five.get(2);
    Point mouth = new Point((five.get(3).x() + five.get(4).x()) / 2, (five.get(3).y() + five.get(4).y()) / 2);
    double eyes = Math.max(distance(rightEye, leftEye), 1);
    double drift = Math.max(
        Math.max(distance(rightEye, face.keypoint(Detection.RIGHT_EYE)), distance(leftEye, face.keypoint(Detection.LEFT_EYE))),
        Math.max(distance(nose, face.keypoint(Detection.NOSE)), distance(mouth, face.keypoint(Detection.MOUTH)))) / eyes;
    return new Evidence(reading.presence(), drift);
  }

  /** Why the detection does not look like a face; empty when it does. */
  public Optional<String> problem(Evidence evidence) {
    if (evidence.presence() < minPresence) {
      return Optional.of(String.format(NOT_A_FACE + " (face mesh presence %.2f < %.2f)",
          evidence.presence(), minPresence));
    }
    if (evidence.drift() > maxDrift) {
      return Optional.of(String.format(NOT_A_FACE + " (eyes, nose and mouth disagree by %.2f eye"
          + " distances > %.2f)", evidence.drift(), maxDrift));
    }
    return Optional.empty();
  }

  private static double distance(Point a, Point b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}
