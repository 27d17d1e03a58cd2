package io.facegate.liveness;

import io.facegate.vision.FaceMesh;

/**
 * The eye aspect ratio (Soukupova and Cech, 2016): the two lid-to-lid heights over the
 * corner-to-corner width, from six mesh points per eye. It falls as the eye closes and does not
 * depend on the face's size.
 */
public final class EyeOpenness {
  /**
   * Outer corner, upper lid (two), inner corner, lower lid (two, below the upper ones in reverse).
   */
  private static final int[] RIGHT_EYE = {33, 160, 158, 133, 153, 144};

  private static final int[] LEFT_EYE = {362, 385, 387, 263, 373, 380};

  private EyeOpenness() {}

  /** The subject's right eye (image left in an unmirrored frame). */
  public static double right(FaceMesh mesh) {
    return ratio(mesh, RIGHT_EYE);
  }

  public static double left(FaceMesh mesh) {
    return ratio(mesh, LEFT_EYE);
  }

  private static double ratio(FaceMesh mesh, int[] p) {
    double heights = mesh.distance(p[1], p[5]) + mesh.distance(p[2], p[4]);
    return heights / (2 * mesh.distance(p[0], p[3]));
  }
}
