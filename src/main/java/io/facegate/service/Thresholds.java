package io.facegate.service;

/**
 * The decision settings: the cosine similarity a probe must reach against the claimed person (auth)
 * or the best person (id, who must also lead the runner-up by {@code idMargin}), and what the
 * anti-spoofing score may do. {@code id} is NaN when the identification threshold is derived from
 * the gallery for {@code idTargetFpir} (see {@link IdThreshold}). {@code duplicate}: the score
 * against someone else at which an enrollment photo is refused (NaN: {@code auth}, see {@link
 * DuplicateFaces}).
 */
public record Thresholds(
    double auth,
    double id,
    double idTargetFpir,
    double idMargin,
    LivenessMode livenessMode,
    double livenessThreshold,
    double duplicate) {

  /** The score against someone else at which an enrollment photo is refused. */
  public double duplicateFace() {
    return Double.isNaN(duplicate) ? auth : duplicate;
  }

  public boolean idFromGallery() {
    return Double.isNaN(id);
  }
}
