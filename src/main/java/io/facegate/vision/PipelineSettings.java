package io.facegate.vision;

/**
 * Everything the pipeline needs to know from configuration; {@code antiSpoofing} loads the
 * anti-spoofing model as well, {@code meshAlignment} the face mesh for alignment landmarks.
 */
public record PipelineSettings(
    DetectorChoice detector,
    float minDetectionScore,
    ImageLimits limits,
    InferenceSettings inference,
    boolean antiSpoofing,
    boolean meshAlignment,
    EmbedderChoice embedder) {

  /**
   * The same settings with another detector, alignment and embedder: for tools that compare them.
   */
  public PipelineSettings with(
      DetectorChoice detector, boolean meshAlignment, EmbedderChoice embedder) {
    return new PipelineSettings(
        detector, minDetectionScore, limits, inference, antiSpoofing, meshAlignment, embedder);
  }
}
