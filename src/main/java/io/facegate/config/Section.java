package io.facegate.config;

/**
 * The groups the settings are documented and read in; each becomes one record of {@link
 * FacegateConfig}.
 */
public enum Section {
  SERVER("server", "Where and how the HTTP server listens, and how it stops."),
  LIMITS("limits", "What one request may bring and how much work is admitted at once."),
  PIPELINE("pipeline", "The models and how faces are found in a photo."),
  DECISIONS("decisions", "The scores a match must reach, and what anti-spoofing may do."),
  QUALITY(
      "quality",
      "The bounds a face must stay within: strict for enrollment, loose for verification."),
  SECURITY("security", "Bearer tokens, rate limits and lockouts."),
  INDEX("index", "How 1:N searches scan the gallery, and the optional HNSW graph."),
  STORAGE("storage", "The data directory, the audit log and the encrypted face crops."),
  EVENTS("events", "Door events to an MQTT broker and/or a webhook.");

  private final String title;
  private final String description;

  Section(String title, String description) {
    this.title = title;
    this.description = description;
  }

  public String title() {
    return title;
  }

  public String description() {
    return description;
  }
}
