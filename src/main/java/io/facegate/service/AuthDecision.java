package io.facegate.service;

/**
 * 1:1: does the photo show the claimed person. {@code lockedNow}: this failure locked the username
 * (see {@link Lockout}), which happens once per lock.
 */
public record AuthDecision(
    String username,
    boolean match,
    double score,
    double threshold,
    Liveness liveness,
    FaceReading probe,
    boolean lockedNow) {

  /** The same decision, marked as the failure that locked the username. */
  AuthDecision locking() {
    return new AuthDecision(username, match, score, threshold, liveness, probe, true);
  }

  /**
   * The decision's label in metrics and door events: match, spoof (liveness vetoed it) or no_match.
   */
  public String decision() {
    return match ? "match" : liveness.vetoes() ? "spoof" : "no_match";
  }
}
