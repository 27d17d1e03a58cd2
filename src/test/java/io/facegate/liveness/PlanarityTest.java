package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The homography residual on point sets made from geometry: a flat picture moved, a 3-D head
 * turned.
 */
@FastTier
class PlanarityTest {
  private static final double FOCAL = 800;
  private static final double DISTANCE = 600;

  @Test
  void aFlatPictureMovedByAHomographyLeavesNoResidual() {
    double[][] picture = project(cloud(new Random(1), 0), 0);
    double[] tiltAndShift = {0.93, 0.08, 25, -0.05, 1.02, -12, 0.0002, -0.0001, 1};
    double[][] moved = new double[picture.length][];
    for (int i = 0; i < picture.length; i++) {
      moved[i] = Planarity.apply(tiltAndShift, picture[i]);
    }
    assertTrue(
        Planarity.residual(picture, moved) < 1e-6,
        "exact homography: " + Planarity.residual(picture, moved));
  }

  @Test
  void aFlatPictureTiltedInDepthStaysFlat() {
    double[][] flat = cloud(new Random(2), 0);
    double residual = Planarity.residual(project(flat, 0), project(flat, 30));
    assertTrue(
        residual < 1e-6,
        "a plane turned 30 degrees under perspective is still one homography: " + residual);
  }

  /**
   * A head 140 px wide whose points span 70 px of depth, turned 20 degrees: parallax a plane cannot
   * fit.
   */
  @Test
  void aHeadTurnedTwentyDegreesLeavesAResidualOfSeveralPixels() {
    double[][] head = cloud(new Random(3), 70);
    double residual = Planarity.residual(project(head, 0), project(head, 20));
    // The eyes of such a face are about 60 px apart; the judge's bar is 0.05 of that, 3 px.
    assertTrue(residual > 3, "turned head: " + residual);
  }

  @Test
  void landmarkJitterAloneStaysBelowTheBar() {
    Random random = new Random(4);
    double[][] head = project(cloud(random, 70), 0);
    double[][] jittered = new double[head.length][];
    for (int i = 0; i < head.length; i++) {
      jittered[i] =
          new double[] {
            head[i][0] + random.nextGaussian() * 0.6, head[i][1] + random.nextGaussian() * 0.6
          };
    }
    // 0.6 px is 1% of a 60 px inter-ocular distance, the mesh's jitter between frames of a still
    // face.
    assertTrue(
        Planarity.residual(head, jittered) < 3, "jitter: " + Planarity.residual(head, jittered));
  }

  /**
   * Points on a head-like ellipsoid cap, 140 x 180 px, bulging {@code depth} px toward the camera.
   */
  private static double[][] cloud(Random random, double depth) {
    double[][] points = new double[Planarity.RIGID.length][];
    for (int i = 0; i < points.length; i++) {
      double x = (random.nextDouble() - 0.5) * 140, y = (random.nextDouble() - 0.5) * 180;
      double bulge = Math.sqrt(Math.max(0, 1 - Math.pow(x / 70, 2) - Math.pow(y / 90, 2)));
      points[i] = new double[] {x, y, -depth * bulge};
    }
    return points;
  }

  /**
   * Pinhole view of the points turned by {@code yawDegrees} about the vertical axis through their
   * centre.
   */
  private static double[][] project(double[][] points, double yawDegrees) {
    double a = Math.toRadians(yawDegrees);
    double[][] out = new double[points.length][];
    for (int i = 0; i < points.length; i++) {
      double x = Math.cos(a) * points[i][0] + Math.sin(a) * points[i][2];
      double z = -Math.sin(a) * points[i][0] + Math.cos(a) * points[i][2] + DISTANCE;
      out[i] = new double[] {320 + FOCAL * x / z, 240 + FOCAL * points[i][1] / z};
    }
    return out;
  }
}
