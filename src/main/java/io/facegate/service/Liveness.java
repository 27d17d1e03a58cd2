package io.facegate.service;

import io.vertx.core.json.JsonObject;
import java.util.OptionalDouble;

/**
 * The anti-spoofing verdict on a probe: the model's score (higher: more likely a presentation
 * attack), whether it passed, and whether it may veto a match (enforce mode).
 */
public record Liveness(LivenessMode mode, OptionalDouble score, double threshold) {

  /** Null when nothing was measured (mode off). */
  public Boolean passed() {
    return score.isPresent() ? score.getAsDouble() < threshold : null;
  }

  /** In enforce mode a failed check turns any match into no match. */
  public boolean vetoes() {
    return mode == LivenessMode.ENFORCE && Boolean.FALSE.equals(passed());
  }

  public JsonObject toJson() {
    JsonObject checks = new JsonObject();
    score.ifPresent(s -> checks.put("antispoof_model", Math.round(s * 10_000) / 10_000.0));
    return new JsonObject()
        .put("mode", mode.name().toLowerCase())
        .put(
            "score", score.isPresent() ? Math.round(score.getAsDouble() * 10_000) / 10_000.0 : null)
        .put("threshold", threshold)
        .put("passed", passed())
        .put("checks", checks);
  }
}
