package io.facegate.index;

import io.facegate.config.FacegateConfig;

import java.util.Map;

/** The HNSW parameters the server ships with, so the recall test checks the real settings. */
final class Configured {
  private static final FacegateConfig DEFAULTS = FacegateConfig.load(Map.of());

  static final HnswParams HNSW = new HnswParams(
      DEFAULTS.integer("index_m"), DEFAULTS.integer("index_ef_construction"), DEFAULTS.integer("index_ef"));

  private Configured() {}
}
