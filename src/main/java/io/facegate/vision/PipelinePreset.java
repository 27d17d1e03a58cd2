package io.facegate.vision;

import java.util.Locale;

/**
 * A named pipeline for one kind of camera: which detector, alignment and embedder it runs. The
 * {@code detector}, {@code alignment} and {@code embedder} settings left at {@code auto} take the
 * preset's; each one set explicitly overrides it. Why these choices: docs/accuracy.md (Presets).
 */
public enum PipelinePreset {
  /**
   * One person close to the camera, the face filling much of the frame: the short-range detector
   * first (the full-range one only when it finds nothing), face-mesh alignment, MobileFaceNet.
   */
  DOOR_TERMINAL(DetectorChoice.FRONT_THEN_BACK, true, EmbedderChoice.MOBILEFACENET),
  /**
   * A camera seeing a room or a corridor, faces down to about 30 px: the full-range detector first,
   * face-mesh alignment, MobileFaceNet.
   */
  WIDE_CAMERA(DetectorChoice.BACK, true, EmbedderChoice.MOBILEFACENET);

  private final DetectorChoice detector;
  private final boolean meshAlignment;
  private final EmbedderChoice embedder;

  PipelinePreset(DetectorChoice detector, boolean meshAlignment, EmbedderChoice embedder) {
    this.detector = detector;
    this.meshAlignment = meshAlignment;
    this.embedder = embedder;
  }

  public DetectorChoice detector() {
    return detector;
  }

  public boolean meshAlignment() {
    return meshAlignment;
  }

  public EmbedderChoice embedder() {
    return embedder;
  }

  /** The value of the {@code pipeline_preset} setting that selects this preset. */
  public String setting() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static PipelinePreset parse(String value) {
    String wanted = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (PipelinePreset p : values()) {
      if (p.setting().equals(wanted)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "pipeline_preset must be 'door_terminal' or 'wide_camera', got '" + value + "'");
  }
}
