package io.facegate.liveness;

import io.facegate.vision.Detection;
import io.facegate.vision.FaceMesh;

/**
 * What liveness needs from one captured frame: the largest face as the detector found it (box, key
 * points, confidence), its mesh, its embedding, a small grey thumbnail of the face box (to spot
 * repeated frames), the face's {@link Sharpness} (to spot a face filmed off a screen) and its eye
 * and reference {@link FaceRegions} (to see a lid close).
 */
public record FaceFrame(
    Detection face,
    FaceMesh mesh,
    float[] embedding,
    byte[] thumbnail,
    double sharpness,
    FaceRegions regions) {

  /** The detector's confidence in this face. */
  public float detectorScore() {
    return face.score();
  }
}
