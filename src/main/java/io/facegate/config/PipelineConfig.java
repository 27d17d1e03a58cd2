package io.facegate.config;

import io.facegate.vision.DetectorChoice;
import io.facegate.vision.ModelRepository;

/** Where the models come from and how faces are found and aligned. */
public record PipelineConfig(
    ModelRepository models,
    DetectorChoice detector,
    float minDetectionScore,
    boolean meshAlignment,
    int inferenceThreads) {

  static PipelineConfig from(Values v) {
    return new PipelineConfig(
        ModelRepository.fromSetting(v.text("models_dir")),
        DetectorChoice.parse(v.text("detector")),
        (float) v.decimal("min_detection_score"),
        v.text("alignment").equals("mesh"),
        v.integer("inference_threads"));
  }
}
