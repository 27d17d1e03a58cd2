package io.facegate.vision;

/** Everything the pipeline needs to know from configuration. */
public record PipelineSettings(DetectorChoice detector, float minDetectionScore, ImageLimits limits,
    InferenceSettings inference) {
}
