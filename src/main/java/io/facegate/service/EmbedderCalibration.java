package io.facegate.service;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * What one embedder's scores mean, measured on labeled photos: its 1:1 threshold (FAR 1e-3) and its
 * impostor tail, the prior of the identification threshold. Each embedder's scores have their own
 * distribution, so each has its own file, {@code /calibration/<embedder>.json}, chosen by the
 * loaded model's id and refused for any other model: a threshold measured on one model's scores is
 * never applied to another's. Written by {@code eval --people DIR --calibration FILE}.
 */
public record EmbedderCalibration(
    String modelId, double authThreshold, ImpostorTail impostorTail, String source) {
  /** The per-attempt false accept rate {@code threshold_auth} is placed at. */
  public static final double AUTH_FAR = 1e-3;

  static final String FOLDER = "/calibration/";

  /**
   * The shipped calibration of the model with id {@code modelId}, or of an earlier file of the same
   * embedder that gave the same embeddings ({@code formerIds}).
   */
  public static EmbedderCalibration forModel(String modelId, List<String> formerIds) {
    String embedder = modelId.substring(0, modelId.indexOf('@'));
    EmbedderCalibration shipped = shipped(embedder);
    if (!shipped.modelId().equals(modelId) && !formerIds.contains(shipped.modelId())) {
      throw new IllegalStateException(
          "the shipped calibration "
              + FOLDER
              + embedder
              + ".json was measured on "
              + shipped.modelId()
              + ", not on the loaded "
              + modelId
              + "; its thresholds would not mean the same (docs/accuracy.md, Thresholds per embedder)");
    }
    return shipped;
  }

  /** The file shipped for {@code embedder} (e.g. mobilefacenet), whatever model it was made on. */
  static EmbedderCalibration shipped(String embedder) {
    String resource = FOLDER + embedder + ".json";
    try (InputStream in = EmbedderCalibration.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no calibration for the embedder " + embedder + ": " + resource + " is missing");
      }
      return fromJson(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static EmbedderCalibration fromJson(JsonObject json) {
    return new EmbedderCalibration(
        json.getString("model_id"),
        json.getDouble("threshold_auth"),
        ImpostorTail.fromJson(json),
        json.getString("source", "unknown"));
  }

  /**
   * The calibration of {@code modelId} from impostor (different-person) scores: the tail and the
   * 1:1 threshold at {@link #AUTH_FAR}, rounded up to 3 decimals so that it never lets more
   * through.
   */
  public static JsonObject measure(String modelId, double[] impostorScores, String source) {
    double[] sorted = impostorScores.clone();
    Arrays.sort(sorted);
    double auth = Math.ceil(ScoreCut.atRateSorted(sorted, AUTH_FAR) * 1000) / 1000;
    return new JsonObject()
        .put("model_id", modelId)
        .put("threshold_auth", auth)
        .mergeIn(ImpostorTail.measure(sorted, source));
  }
}
