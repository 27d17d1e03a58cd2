package io.facegate.liveness;

import java.util.Arrays;

/**
 * A per-frame reading (a pose, a planarity residual) counts only when a neighbouring frame agrees
 * with it: each frame's value becomes the median of itself and its two neighbours (an end frame
 * takes its one neighbour's value). A head turned on request stays turned for a few frames, while
 * the mesh misreading a bent or tilted print for one frame jumps there and back; the median keeps
 * the first and drops the second.
 */
final class HeldPose {
  private HeldPose() {}

  static double[] of(double[] values) {
    int n = values.length;
    double[] held = new double[n];
    for (int i = 0; i < n; i++) {
      if (i == 0 || i == n - 1) {
        held[i] = values[i == 0 ? 1 : n - 2];
      } else {
        double[] three = {values[i - 1], values[i], values[i + 1]};
        Arrays.sort(three);
        held[i] = three[1];
      }
    }
    return held;
  }
}
