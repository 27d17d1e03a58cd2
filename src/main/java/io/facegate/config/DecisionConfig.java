package io.facegate.config;

import io.facegate.service.LivenessCheck;
import io.facegate.service.LivenessMode;
import io.facegate.service.Thresholds;
import java.time.Clock;
import java.time.Duration;

/**
 * The thresholds and liveness mode every verification decision is made with, and the shape of a
 * liveness challenge.
 */
public record DecisionConfig(
    Thresholds thresholds, int challengeActions, Duration challengeLifetime) {

  static DecisionConfig from(Values v) {
    return new DecisionConfig(
        new Thresholds(
            v.decimal("threshold_auth"),
            v.decimal("threshold_id"),
            v.decimal("id_target_fpir"),
            v.decimal("id_margin"),
            LivenessMode.parse(v.text("liveness")),
            v.decimal("liveness_threshold"),
            v.decimal("duplicate_threshold")),
        v.integer("liveness_challenge_actions"),
        Duration.ofSeconds(v.integer("liveness_challenge_seconds")));
  }

  public LivenessMode liveness() {
    return thresholds.livenessMode();
  }

  /** The server's liveness check, its challenges timed by {@code clock}. */
  public LivenessCheck livenessCheck(Clock clock) {
    return new LivenessCheck(
        liveness(), thresholds.livenessThreshold(), challengeActions, challengeLifetime, clock);
  }
}
