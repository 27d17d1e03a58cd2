package io.facegate.service;

import io.facegate.vision.Detection;
import io.facegate.vision.FaceQuality;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one photo yielded: every face the detector saw, how many were usable, and the chosen face
 * with its quality, embedding, (probes, when liveness is on) anti-spoofing score and (enrollments,
 * when the crop store is on) aligned crop as PNG.
 */
public record FaceReading(
    List<Detection> faces,
    int usableFaces,
    Detection chosen,
    FaceQuality quality,
    float[] embedding,
    OptionalDouble spoofScore,
    Optional<byte[]> crop) {}
