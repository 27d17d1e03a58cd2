package io.facegate.liveness;

/**
 * One requested action as judged: found or not, between which frames, and for a turn the yaw change
 * and the planarity residual between the turn's first and last frame (NaN for a blink).
 */
public record ActionCheck(
    Action action, boolean passed, int fromFrame, int toFrame, double yawChange, double residual) {

  static ActionCheck missing(Action action) {
    return new ActionCheck(action, false, -1, -1, Double.NaN, Double.NaN);
  }
}
