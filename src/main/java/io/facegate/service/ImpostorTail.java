package io.facegate.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * How often two different people's faces reach a score: the upper tail of the impostor score
 * distribution, as (FAR, threshold) points measured on a labeled calibration set (written by {@code
 * eval --people DIR --calibration FILE}, one per embedder: see {@link EmbedderCalibration}). It is
 * the prior the identification threshold falls back on when the gallery itself is too small to
 * measure its own tail.
 */
public final class ImpostorTail {
  /** Ascending FAR (so descending threshold); log10 of each FAR. */
  private final double[] logFar;

  private final double[] threshold;
  private final String source;

  ImpostorTail(double[] far, double[] threshold, String source) {
    if (far.length < 2 || far.length != threshold.length) {
      throw new IllegalArgumentException(
          "an impostor tail needs at least two (far, threshold) points");
    }
    this.logFar = Arrays.stream(far).map(Math::log10).toArray();
    this.threshold = threshold.clone();
    this.source = source;
    for (int i = 1; i < far.length; i++) {
      if (!(far[i] > far[i - 1] && threshold[i] <= threshold[i - 1])) {
        throw new IllegalArgumentException("points must have rising FAR and falling thresholds");
      }
    }
  }

  public static ImpostorTail fromJson(JsonObject json) {
    JsonArray points = json.getJsonArray("points");
    double[] far = new double[points.size()], t = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      far[i] = points.getJsonArray(i).getDouble(0);
      t[i] = points.getJsonArray(i).getDouble(1);
    }
    return new ImpostorTail(far, t, json.getString("source", "unknown"));
  }

  /**
   * Measures the tail from impostor scores: FAR from 10% down to the smallest rate that still has
   * 20 scores above it, four points per decade.
   */
  public static JsonObject measure(double[] impostorScores, String source) {
    double[] sorted = impostorScores.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    JsonArray points = new JsonArray();
    double rarest = Math.log10(20.0 / n);
    for (int quarter = (int) Math.floor(rarest * 4); quarter <= -4; quarter++) {
      double far = Math.pow(10, Math.max(rarest, quarter / 4.0));
      points.add(new JsonArray().add(far).add(ScoreCut.atRateSorted(sorted, far)));
    }
    return new JsonObject().put("source", source).put("impostor_pairs", n).put("points", points);
  }

  /**
   * The lowest threshold whose impostor rate is at most {@code far}: interpolated in log FAR
   * between the measured points; beyond the rarest point, extended along the slope of its last
   * decade.
   */
  public double thresholdAtFar(double far) {
    double x = Math.log10(far);
    int last = logFar.length - 1;
    if (x >= logFar[last]) {
      return threshold[last];
    }
    int i = 0;
    while (i < last - 1 && x > logFar[i + 1]) {
      i++;
    }
    if (x
        < logFar[
            0]) { // rarer than measured: extend the first (rarest) segment's slope over its last
      // decade
      int j = 0;
      while (j < last && logFar[j + 1] - logFar[0] < 1) {
        j++;
      }
      double slope = (threshold[j] - threshold[0]) / (logFar[j] - logFar[0]);
      return threshold[0] + slope * (x - logFar[0]);
    }
    double f = (x - logFar[i]) / (logFar[i + 1] - logFar[i]);
    return threshold[i] + f * (threshold[i + 1] - threshold[i]);
  }

  public String source() {
    return source;
  }
}
