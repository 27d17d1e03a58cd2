package io.facegate.service;

/**
 * What a liveness verdict may do: nothing beyond the frames a client sends (off: the passive model
 * is not loaded), reported with the passive model's score too (report), or a failed or missing
 * check turns a verification into no match and refuses an enrollment (enforce).
 */
public enum LivenessMode {
  OFF,
  REPORT,
  ENFORCE;

  public static LivenessMode parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "liveness must be off, report or enforce; got '" + value + "'");
    }
  }
}
