package io.facegate.service;

/** 1:1: does the photo show the claimed person. */
public record AuthDecision(
    String username,
    boolean match,
    double score,
    double threshold,
    Liveness liveness,
    FaceReading probe) {

  /**
   * The decision's label in metrics and door events: match, spoof (liveness vetoed it) or no_match.
   */
  public String decision() {
    return match ? "match" : liveness.vetoes() ? "spoof" : "no_match";
  }
}
