package io.facegate.service;

/**
 * What the anti-spoofing score does: nothing (off, model not loaded), reported only (score), or a
 * failed check turns a verification into no match (enforce).
 */
public enum LivenessMode {
  OFF,
  SCORE,
  ENFORCE;

  public static LivenessMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "liveness must be off, score or enforce; got '" + value + "'");
    }
  }
}
