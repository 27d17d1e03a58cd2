package io.facegate.index;

import io.facegate.config.FacegateConfig;
import java.util.Map;

/** The HNSW parameters the server ships with, so the recall test checks the real settings. */
final class Configured {
  private static final FacegateConfig DEFAULTS = FacegateConfig.load(Map.of());

  static final HnswParams HNSW = DEFAULTS.index().hnsw();

  private Configured() {}
}
