package io.facegate.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * {@code facegate_liveness_checks_total{check, outcome}}: each liveness check of an answer (every
 * requested action, motion_3d, recapture, same_person, distinct_frames, antispoof_model) as pass or
 * fail, and the overall {@code verdict} as pass, fail or not_assessed (one image).
 */
final class LivenessCounter {
  static final LivenessCounter NONE = new LivenessCounter(null);

  private final MeterRegistry registry;

  LivenessCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counts the checks of a {@code liveness} answer object; nothing for null. */
  void count(JsonObject liveness) {
    if (registry == null || liveness == null) {
      return;
    }
    Boolean passed = liveness.getBoolean("passed");
    increment("verdict", passed == null ? "not_assessed" : outcome(passed));
    for (String key : new String[] {"same_person", "distinct_frames"}) {
      if (liveness.getValue(key) instanceof Boolean value) {
        increment(key, outcome(value));
      }
    }
    JsonObject checks = liveness.getJsonObject("checks", new JsonObject());
    for (String name : checks.fieldNames()) {
      // An action asked twice is reported as blink_3 and the like; counted under its name.
      increment(
          name.replaceFirst("_\\d+$", ""),
          outcome(checks.getJsonObject(name).getBoolean("passed")));
    }
  }

  private static String outcome(boolean passed) {
    return passed ? "pass" : "fail";
  }

  private void increment(String check, String outcome) {
    Counter.builder("facegate.liveness.checks")
        .description("liveness checks judged, by check and outcome")
        .tag("check", check)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
