package io.facegate.config;

import io.facegate.service.FaceReader;
import io.facegate.service.LivenessMode;
import io.facegate.service.QualityBounds;
import io.facegate.service.Thresholds;
import io.facegate.vision.FacePipeline;

/** Reads the service's decision settings: thresholds, margin and quality bounds. */
public final class ServiceConfig {
  private ServiceConfig() {
  }

  public static Thresholds thresholds(FacegateConfig config) {
    return new Thresholds(config.decimal("threshold_auth"), config.decimal("threshold_id"), config.decimal("id_margin"),
        LivenessMode.parse(config.string("liveness")), config.decimal("liveness_threshold"));
  }

  /** The server's reading rules (quality bounds) around a loaded pipeline; eval uses the same. */
  public static FaceReader faceReader(FacegateConfig config, FacePipeline pipeline) {
    return new FaceReader(pipeline, quality(config, "enroll"), quality(config, "verify"));
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
