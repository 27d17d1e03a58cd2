package io.facegate.config;

import io.facegate.service.QualityBounds;

/** The face quality bounds of enrollment (strict) and of verification (loose). */
public record QualityConfig(QualityBounds enroll, QualityBounds verify) {

  static QualityConfig from(Values v) {
    return new QualityConfig(bounds(v, "enroll"), bounds(v, "verify"));
  }

  /** {@code stage} is the prefix of the stage's keys. */
  private static QualityBounds bounds(Values v, String stage) {
    return new QualityBounds(
        v.decimal(stage + "_min_face_px"),
        v.decimal(stage + "_min_sharpness"),
        v.decimal(stage + "_min_brightness"),
        v.decimal(stage + "_max_brightness"),
        v.decimal(stage + "_max_roll"),
        v.decimal(stage + "_max_yaw"),
        v.decimal(stage + "_min_detector_score"));
  }
}
