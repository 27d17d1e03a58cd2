package io.facegate.liveness;

import io.facegate.vision.Detection;
import io.facegate.vision.FaceMesh;

/**
 * Yaw and pitch read from where the nose tip sits in the face, in the image. This is the image's
 * own parallax: on a real head the nose tip stands in front of the face and shifts toward the side
 * the head turns to. Degrees; positive yaw is a turn to the subject's own left (the nose moves
 * toward the image's right), positive pitch is the chin going down. Pitch is relative (a frontal
 * face does not read 0, forehead and chin are not equally far from the nose), so only its changes
 * mean something.
 */
public final class HeadPose {
  private static final int NOSE_TIP = 1;

  /** Mesh outline at the forehead top and the chin. */
  private static final int FOREHEAD = 10;

  private static final int CHIN = 152;

  private HeadPose() {}

  /**
   * From the detector's nose key point and box rather than the mesh: the mesh, fitted to a frontal
   * template, misreads a face near profile (its yaw swings by tens of degrees between frames) and a
   * bent print (one-frame jumps), while the detector places the nose and the face's extent in
   * profile too. On a head of half-width r the nose tip lies about r in front of the vertical axis,
   * so turned by a it sits r sin a from the middle of the face: sin a = offset / half-width.
   */
  public static double yaw(Detection face) {
    double offset = face.keypoint(Detection.NOSE).x() - (face.x() + face.width() / 2);
    return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, offset / (face.width() / 2)))));
  }

  /**
   * On a head the nose tip stands about as far in front of the outline as the outline lies from the
   * face's centre line; tilted by a, its distances to the forehead and chin outline points go as 1
   * + sin a and 1 - sin a, so their normalised difference is sin a.
   */
  public static double pitch(FaceMesh mesh) {
    double a = mesh.distance(NOSE_TIP, FOREHEAD), b = mesh.distance(NOSE_TIP, CHIN);
    return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, (a - b) / (a + b)))));
  }
}
