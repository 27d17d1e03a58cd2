package io.facegate.testing;

import io.facegate.config.FacegateConfig;
import io.facegate.vision.FacePipeline;
import java.util.Map;

/**
 * The real models produced by scripts/fetch-models.sh (the build runs it) with the shipped default
 * settings, loaded once per test JVM because sessions take a second to create.
 */
public final class Models {
  private static FacePipeline pipeline;

  private Models() {}

  /** The shipped defaults, ignoring the developer's environment, with models read from ./models. */
  public static FacegateConfig defaults() {
    return FacegateConfig.load(Map.of()).with("models_dir", "models");
  }

  public static synchronized FacePipeline pipeline() {
    if (pipeline == null) {
      FacegateConfig config = defaults();
      pipeline = FacePipeline.load(config.pipeline().models(), config.pipelineSettings());
    }
    return pipeline;
  }
}
