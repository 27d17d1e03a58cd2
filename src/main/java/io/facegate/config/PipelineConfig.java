package io.facegate.config;

import io.facegate.service.LivenessMode;
import io.facegate.vision.DetectorChoice;
import io.facegate.vision.EmbedderChoice;
import io.facegate.vision.ImageLimits;
import io.facegate.vision.InferenceSettings;
import io.facegate.vision.ModelRepository;
import io.facegate.vision.PipelineSettings;

/** Reads the vision pipeline's settings, so the vision package never sees configuration files. */
public final class PipelineConfig {
  private PipelineConfig() {
  }

  public static PipelineSettings settings(FacegateConfig config) {
    return new PipelineSettings(
        DetectorChoice.parse(config.string("detector")),
        (float) config.decimal("min_detection_score"),
        new ImageLimits(config.longValue("max_image_bytes"), config.longValue("max_image_pixels")),
        new InferenceSettings(config.integer("inference_threads")),
        LivenessMode.parse(config.string("liveness")) != LivenessMode.OFF,
        meshAlignment(config.string("alignment")),
        EmbedderChoice.parse(config.string("embedder")));
  }

  /** Whether an {@code alignment} setting value means the face mesh. */
  public static boolean meshAlignment(String value) {
    return switch (value.trim().toLowerCase()) {
      case "mesh" -> true;
      case "detector" -> false;
      default -> throw new IllegalArgumentException("alignment must be 'mesh' or 'detector', got '" + value + "'");
    };
  }

  public static ModelRepository models(FacegateConfig config) {
    return ModelRepository.fromSetting(config.string("models_dir"));
  }
}
