package io.facegate.service;

import io.facegate.vision.FaceQuality;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The limits a face must stay within to be used; enrollment has stricter ones than verification.
 */
public record QualityBounds(
    double minFaceSize,
    double minSharpness,
    double minBrightness,
    double maxBrightness,
    double maxRoll,
    double maxYaw,
    double minDetectorScore) {

  /** Why the face is not usable, one sentence each; empty when it is. */
  public List<String> problems(FaceQuality q) {
    List<String> problems = new ArrayList<>();
    if (q.faceSize() < minFaceSize) {
      problems.add(
          String.format("face is %.0f px, smaller than %.0f px", q.faceSize(), minFaceSize));
    }
    if (q.sharpness() < minSharpness) {
      problems.add(
          String.format("image is blurred (sharpness %.0f < %.0f)", q.sharpness(), minSharpness));
    }
    if (q.brightness() < minBrightness) {
      problems.add(
          String.format(
              "face is too dark (brightness %.0f < %.0f)", q.brightness(), minBrightness));
    }
    if (q.brightness() > maxBrightness) {
      problems.add(
          String.format(
              "face is overexposed (brightness %.0f > %.0f)", q.brightness(), maxBrightness));
    }
    if (Math.abs(q.roll()) > maxRoll) {
      problems.add(String.format("head is tilted %.0f degrees (limit %.0f)", q.roll(), maxRoll));
    }
    if (Math.abs(q.yaw()) > maxYaw) {
      problems.add(
          String.format("head is turned about %.0f degrees (limit %.0f)", q.yaw(), maxYaw));
    }
    if (q.detectorScore() < minDetectorScore) {
      problems.add(
          String.format(
              "face detection is uncertain (score %.2f < %.2f)",
              q.detectorScore(), minDetectorScore));
    }
    return problems;
  }

  /** The measured values as the API reports them. */
  public static JsonObject toJson(FaceQuality q) {
    return new JsonObject()
        .put("face_size", Math.round(q.faceSize()))
        .put("sharpness", Math.round(q.sharpness() * 10) / 10.0)
        .put("brightness", Math.round(q.brightness() * 10) / 10.0)
        .put("roll", Math.round(q.roll() * 10) / 10.0)
        .put("yaw", Math.round(q.yaw() * 10) / 10.0)
        .put("detector_score", Math.round(q.detectorScore() * 10_000) / 10_000.0);
  }
}
