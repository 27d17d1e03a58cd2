package io.facegate.config;

import io.facegate.service.FaceReader;
import io.facegate.service.PipelineFaceReader;
import io.facegate.service.LivenessMode;
import io.facegate.service.QualityBounds;
import io.facegate.service.Thresholds;
import io.facegate.store.CropVault;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.StageTimer;

import java.nio.file.Path;
import java.util.Optional;

/** Reads the service's settings: thresholds, margin, quality bounds and the optional crop store key. */
public final class ServiceConfig {
  private ServiceConfig() {
  }

  /** An empty gallery index with the configured HNSW parameters and exact-search threshold. */
  public static io.facegate.index.FaceIndex emptyIndex(FacegateConfig config, int dimensions) {
    return new io.facegate.index.FaceIndex(dimensions, hnsw(config), graphFrom(config),
        new io.facegate.index.Shortlist(config.integer("index_shortlist_from"), config.integer("index_shortlist")));
  }

  /** The gallery size from which the HNSW graph answers searches; index_graph_from 0 means never. */
  public static int graphFrom(FacegateConfig config) {
    int from = config.integer("index_graph_from");
    return from <= 0 ? Integer.MAX_VALUE : from;
  }

  public static io.facegate.index.HnswParams hnsw(FacegateConfig config) {
    return new io.facegate.index.HnswParams(config.integer("index_m"), config.integer("index_ef_construction"),
        config.integer("index_ef"));
  }

  public static Thresholds thresholds(FacegateConfig config) {
    return new Thresholds(config.decimal("threshold_auth"), idThreshold(config), config.decimal("id_target_fpir"),
        config.decimal("id_margin"), LivenessMode.parse(config.string("liveness")), config.decimal("liveness_threshold"));
  }

  /**
   * A number pins the identification threshold; {@code auto} (NaN here) derives it from the gallery.
   * Read as text: the default is the word, and an environment override is a string either way.
   */
  static double idThreshold(FacegateConfig config) {
    String value = config.string("threshold_id").strip();
    if ("auto".equalsIgnoreCase(value)) {
      return Double.NaN;
    }
    try {
      double pinned = Double.parseDouble(value);
      if (pinned >= -1 && pinned <= 1) {
        return pinned;
      }
    } catch (NumberFormatException e) {
      // reported below with the setting's name
    }
    throw new IllegalArgumentException("setting threshold_id must be 'auto' or a cosine between -1 and 1, got " + value);
  }

  /** The server's reading rules (quality bounds) around a loaded pipeline; eval uses the same. */
  public static FaceReader faceReader(FacegateConfig config, FacePipeline pipeline) {
    return faceReader(config, pipeline, StageTimer.NONE);
  }

  /** With each pipeline stage timed by {@code timer}. */
  public static FaceReader faceReader(FacegateConfig config, FacePipeline pipeline, StageTimer timer) {
    return new PipelineFaceReader(pipeline, quality(config, "enroll"), quality(config, "verify"), cropStoreOn(config),
        timer);
  }

  private static boolean cropStoreOn(FacegateConfig config) {
    return !config.string("crop_store_key_file").isBlank();
  }

  /** The crop store's key, read now so a missing or short key file stops the start; empty when the store is off. */
  public static Optional<CropVault> cropVault(FacegateConfig config) {
    return cropStoreOn(config) ? Optional.of(CropVault.fromKeyFile(Path.of(config.string("crop_store_key_file").strip())))
        : Optional.empty();
  }

  /** {@code stage} is {@code enroll} or {@code verify}: the prefix of the bound keys. */
  public static QualityBounds quality(FacegateConfig config, String stage) {
    return new QualityBounds(
        config.decimal(stage + "_min_face_px"),
        config.decimal(stage + "_min_sharpness"),
        config.decimal(stage + "_min_brightness"),
        config.decimal(stage + "_max_brightness"),
        config.decimal(stage + "_max_roll"),
        config.decimal(stage + "_max_yaw"),
        config.decimal(stage + "_min_detector_score"));
  }
}
