package io.facegate.service;

import io.facegate.liveness.ActionCheck;
import io.facegate.liveness.Verdict;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The liveness verdict on a probe. {@code mode} is how it was judged: {@code active} (frames
 * answering a challenge), {@code motion} (frames alone) or {@code passive} (one image, which no
 * check can show to be live: {@code passed} is null, not assessed). {@code verdict} is the frame
 * judge's, when frames were judged; {@code score} the passive model's (report and enforce only),
 * always reported, never deciding; {@code reason} says why frames could not be judged.
 */
public record Liveness(
    LivenessMode setting,
    String mode,
    Boolean passed,
    Optional<Verdict> verdict,
    OptionalDouble score,
    double threshold,
    String reason) {

  static final String PASSIVE = "passive";

  static Liveness passive(LivenessMode setting, double threshold) {
    return new Liveness(
        setting,
        PASSIVE,
        null,
        Optional.empty(),
        OptionalDouble.empty(),
        threshold,
        "one image cannot show that a face is live: send frames, ideally answering a challenge");
  }

  static Liveness judged(LivenessMode setting, Verdict verdict, double threshold) {
    return new Liveness(
        setting,
        verdict.mode(),
        verdict.passed(),
        Optional.of(verdict),
        OptionalDouble.empty(),
        threshold,
        null);
  }

  /** Frames that could not be judged (too few show a face): a failed check. */
  static Liveness unjudged(LivenessMode setting, String mode, double threshold, String reason) {
    return new Liveness(
        setting, mode, false, Optional.empty(), OptionalDouble.empty(), threshold, reason);
  }

  /** With the passive model's score of the probe (empty when the model is not loaded). */
  Liveness withScore(OptionalDouble spoofScore) {
    return new Liveness(setting, mode, passed, verdict, spoofScore, threshold, reason);
  }

  /** In enforce mode a failed or missing check turns any match into no match. */
  public boolean vetoes() {
    return setting == LivenessMode.ENFORCE && !Boolean.TRUE.equals(passed);
  }

  public JsonObject toJson() {
    JsonObject checks = new JsonObject();
    verdict.ifPresent(v -> frameChecks(v, checks));
    score.ifPresent(
        s ->
            checks.put(
                "antispoof_model",
                new JsonObject()
                    .put("passed", s < threshold)
                    .put("score", round(s))
                    .put("threshold", threshold)));
    JsonObject json =
        new JsonObject()
            .put("mode", mode)
            .put("passed", passed)
            .put("enforced", setting == LivenessMode.ENFORCE)
            .put("checks", checks)
            .put("same_person", verdict.map(Verdict::samePerson).orElse(null))
            .put("score", score.isPresent() ? round(score.getAsDouble()) : null)
            .put("threshold", threshold);
    verdict.ifPresent(
        v -> json.put("distinct_frames", v.distinctFrames()).put("frames", v.measures().frames()));
    if (reason != null) {
      json.put("reason", reason);
    }
    return json;
  }

  /**
   * One entry per requested action (active) or the 3-D motion check (motion mode), then the
   * recapture check (both modes).
   */
  private static void frameChecks(Verdict v, JsonObject checks) {
    if (v.actions().isEmpty()) {
      checks.put(
          "motion_3d",
          new JsonObject().put("passed", v.motion3d()).put("residual", round(v.residual())));
    }
    for (ActionCheck a : v.actions()) {
      String key = a.action().wireName();
      JsonObject check = new JsonObject().put("passed", a.passed());
      if (a.fromFrame() >= 0) {
        check.put("from_frame", a.fromFrame()).put("to_frame", a.toFrame());
      }
      if (!Double.isNaN(a.yawChange())) {
        check.put("yaw_change", round(a.yawChange())).put("residual", round(a.residual()));
      }
      // A challenge never asks one action twice in a row, but may ask it again later.
      checks.put(checks.containsKey(key) ? key + "_" + (checks.size() + 1) : key, check);
    }
    checks.put(
        "recapture",
        new JsonObject().put("passed", v.sharpEnough()).put("sharpness", round(v.sharpness())));
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
