package io.facegate.service;

import io.facegate.vision.Detection;

import java.util.List;

/** What one photo yielded: every face the detector saw and the embedding of the one chosen. */
public record FaceReading(List<Detection> faces, Detection chosen, float[] embedding, int imageWidth, int imageHeight) {
}
