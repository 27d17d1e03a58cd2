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
    boolean meshAlignment) {}
