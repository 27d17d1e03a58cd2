package io.facegate.config;

import io.facegate.service.LivenessMode;
import io.facegate.service.Thresholds;

/** The thresholds and liveness mode every verification decision is made with. */
public record DecisionConfig(Thresholds thresholds) {

  static DecisionConfig from(Values v) {
    return new DecisionConfig(
        new Thresholds(
            v.decimal("threshold_auth"),
            v.decimal("threshold_id"),
            v.decimal("id_target_fpir"),
            v.decimal("id_margin"),
            LivenessMode.parse(v.text("liveness")),
            v.decimal("liveness_threshold")));
  }

  public LivenessMode liveness() {
    return thresholds.livenessMode();
  }
}
