package io.facegate.liveness;

import io.facegate.vision.FaceMesh;

/**
 * Yaw and pitch read from where the nose tip sits between opposite points of the face outline in
 * the image. This is the image's own parallax: on a real head the nose tip stands in front of the
 * outline and shifts toward the side the head turns to. Degrees; positive yaw is a turn to the
 * subject's own left, positive pitch is the chin going down. Pitch is relative (a frontal face does
 * not read 0, forehead and chin are not equally far from the nose), so only its changes mean
 * something.
 */
public final class HeadPose {
  private static final int NOSE_TIP = 1;

  /** Outline at the subject's right and left cheekbone, forehead top and chin. */
  private static final int RIGHT_CHEEK = 234;

  private static final int LEFT_CHEEK = 454;
  private static final int FOREHEAD = 10;
  private static final int CHIN = 152;

  private HeadPose() {}

  public static double yaw(FaceMesh mesh) {
    return offsetAngle(mesh, RIGHT_CHEEK, LEFT_CHEEK);
  }

  public static double pitch(FaceMesh mesh) {
    return offsetAngle(mesh, FOREHEAD, CHIN);
  }

  /**
   * On a head the nose tip stands about as far in front of the outline as the outline lies from the
   * face's centre line; turned by a, its distances to the two outline points go as 1 + sin a and 1
   * - sin a, so their normalised difference is sin a.
   */
  private static double offsetAngle(FaceMesh mesh, int from, int to) {
    double a = mesh.distance(NOSE_TIP, from), b = mesh.distance(NOSE_TIP, to);
    return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, (a - b) / (a + b)))));
  }
}
