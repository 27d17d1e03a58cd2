package io.facegate.service;

/**
 * The decision settings: the cosine similarity a probe must reach against the claimed person (auth)
 * or the best person (id, who must also lead the runner-up by {@code idMargin}), and what the
 * anti-spoofing score may do. {@code id} is NaN when the identification threshold is derived from
 * the gallery for {@code idTargetFpir} (see {@link IdThreshold}).
 */
public record Thresholds(
    double auth,
    double id,
    double idTargetFpir,
    double idMargin,
    LivenessMode livenessMode,
    double livenessThreshold) {

  public boolean idFromGallery() {
    return Double.isNaN(id);
  }

  public Liveness liveness(FaceReading probe) {
    return new Liveness(livenessMode, probe.spoofScore(), livenessThreshold);
  }
}
