package io.facegate.config;

import io.facegate.vision.DetectorChoice;
import io.facegate.vision.EmbedderChoice;
import io.facegate.vision.ModelRepository;
import io.facegate.vision.PipelinePreset;

/**
 * Where the models come from and how faces are found and aligned: the preset's choices, except
 * those set explicitly.
 */
public record PipelineConfig(
    ModelRepository models,
    PipelinePreset preset,
    DetectorChoice detector,
    float minDetectionScore,
    boolean meshAlignment,
    int inferenceThreads,
    EmbedderChoice embedder) {

  /**
   * The value of {@code detector}, {@code alignment} or {@code embedder} that defers to the preset.
   */
  static final String FROM_PRESET = "auto";

  static PipelineConfig from(Values v) {
    PipelinePreset preset = PipelinePreset.parse(v.text("pipeline_preset"));
    return new PipelineConfig(
        ModelRepository.fromSetting(v.text("models_dir")),
        preset,
        fromPreset(v, "detector") ? preset.detector() : DetectorChoice.parse(v.text("detector")),
        (float) v.decimal("min_detection_score"),
        fromPreset(v, "alignment") ? preset.meshAlignment() : v.text("alignment").equals("mesh"),
        v.integer("inference_threads"),
        fromPreset(v, "embedder") ? preset.embedder() : EmbedderChoice.parse(v.text("embedder")));
  }

  private static boolean fromPreset(Values v, String key) {
    return v.text(key).equals(FROM_PRESET);
  }

  /** E.g. {@code door_terminal: detector front-then-back (128 px, then 256 px), mesh alignment}. */
  public String describe() {
    return preset.setting()
        + ": detector "
        + detector.describe()
        + ", "
        + (meshAlignment ? "mesh" : "detector")
        + " alignment, embedder "
        + embedder.setting();
  }
}
