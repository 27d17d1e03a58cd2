package io.facegate.liveness;

import io.facegate.vision.FaceMesh;

/**
 * What liveness needs from one captured frame: the largest face's mesh, its embedding, the
 * detector's confidence, a small grey thumbnail of the face box (to spot repeated frames) and the
 * face's {@link Sharpness} (to spot a face filmed off a screen).
 */
public record FaceFrame(
    FaceMesh mesh, float[] embedding, float detectorScore, byte[] thumbnail, double sharpness) {}
