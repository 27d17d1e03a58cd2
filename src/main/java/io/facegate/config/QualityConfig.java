package io.facegate.config;

import io.facegate.service.QualityBounds;
import io.facegate.vision.FacePresence;

/**
 * The face quality bounds of enrollment (strict) and of verification (loose), and the test both
 * apply first, that a detection is a face at all.
 */
public record QualityConfig(QualityBounds enroll, QualityBounds verify, FacePresence presence) {

  static QualityConfig from(Values v) {
    return new QualityConfig(
        bounds(v, "enroll"),
        bounds(v, "verify"),
        new FacePresence(
            v.decimal("min_face_presence"),
            v.decimal("max_landmark_drift"),
            v.decimal("max_face_flatness")));
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
