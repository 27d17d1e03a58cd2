package io.facegate.service;

import io.facegate.index.Candidate;
import java.util.List;

/**
 * 1:N: who the photo shows, if anyone passes the rule, with the best candidates. {@code lead}
 * (which must reach {@code margin}) is the best person's score minus the runner-up's, null with
 * only one person enrolled. {@code idThreshold} is the threshold applied, with how it was set and
 * the gallery size it was set for.
 */
public record Identification(
    boolean match,
    String username,
    double score,
    IdThreshold idThreshold,
    double margin,
    Double lead,
    List<Candidate> candidates,
    Liveness liveness,
    FaceReading probe) {

  public double threshold() {
    return idThreshold.value();
  }

  /**
   * The decision's label in metrics and door events: match, spoof (liveness vetoed it) or unknown.
   */
  public String decision() {
    return match ? "match" : liveness.vetoes() ? "spoof" : "unknown";
  }
}
