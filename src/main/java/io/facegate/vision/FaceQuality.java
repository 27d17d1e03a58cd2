package io.facegate.vision;

/**
 * How usable a detected face is, measured on the detection and on its aligned 112x112 crop.
 *
 * @param faceSize the shorter side of the face box, in original pixels
 * @param sharpness variance of the Laplacian of the aligned crop's grey levels (blur lowers it)
 * @param brightness mean grey level (0-255) of the crop's central region
 * @param roll head tilt from the eye line, degrees (0 = eyes level)
 * @param yaw head turn estimated from the nose tip's offset from the eyes' midpoint, degrees (0 =
 *     frontal)
 * @param detectorScore the detector's confidence
 */
public record FaceQuality(
    double faceSize,
    double sharpness,
    double brightness,
    double roll,
    double yaw,
    double detectorScore) {}
