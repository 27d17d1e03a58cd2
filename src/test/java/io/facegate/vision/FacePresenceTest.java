package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceReader;
import io.facegate.service.FacegateException;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.NonFacePhotos;
import io.facegate.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The face mesh confirms real faces and refuses a face-like blob the detector takes for a face. */
@ModelsTier
class FacePresenceTest {
  /** A skin-toned oval with two dark dots that BlazeFace scores above the enrollment minimum. */
  static final int BLOB = 6;

  private static final FacegateConfig CONFIG = Models.defaults();
  private static final FacePresence PRESENCE = CONFIG.quality().presence();

  @Test
  void aFaceLikeBlobPassesTheDetectorButIsNotAFace() {
    try (Mat blob = NonFacePhotos.generate(NonFacePhotos.Kind.FACE_LIKE, BLOB)) {
      Detection detected = Models.pipeline().detect(blob).get(0);
      assertTrue(
          detected.score() >= CONFIG.quality().enroll().minDetectorScore(),
          "score " + detected.score());
      FacePresence.Evidence evidence =
          FacePresence.measure(
              blob, detected, Models.pipeline().meshReading(blob, detected).orElseThrow());
      assertTrue(
          PRESENCE.problem(evidence).orElseThrow().startsWith(FacePresence.NOT_A_FACE),
          evidence.toString());
    }
  }

  @Test
  void theReaderRefusesTheBlobAsNoFace() {
    FaceReader reader = CONFIG.faceReader(Models.pipeline());
    byte[] blob;
    try (Mat image = NonFacePhotos.generate(NonFacePhotos.Kind.FACE_LIKE, BLOB)) {
      blob = GeneratedPhotos.jpeg(image);
    }
    for (FacegateException e :
        List.of(
            assertThrows(FacegateException.class, () -> reader.forEnrollment(blob)),
            assertThrows(FacegateException.class, () -> reader.forProbe(blob)))) {
      assertEquals(ErrorCode.NO_FACE, e.code());
      assertTrue(e.getMessage().contains(FacePresence.NOT_A_FACE), e.getMessage());
    }
  }

  @Test
  void everyBundledPortraitIsAFace() {
    for (Path photo : TestPhotos.people().values().stream().flatMap(List::stream).toList()) {
      try (Mat image = Models.pipeline().decode(TestPhotos.read(photo))) {
        Detection face = Models.pipeline().detect(image).get(0);
        FacePresence.Evidence evidence =
            FacePresence.measure(
                image, face, Models.pipeline().meshReading(image, face).orElseThrow());
        assertTrue(PRESENCE.problem(evidence).isEmpty(), photo + ": " + evidence);
      }
    }
  }

  @Test
  void eachThresholdRefusesOnItsOwn() {
    FacePresence rule = new FacePresence(0.5, 1.0, 0.6);
    assertTrue(rule.problem(new FacePresence.Evidence(0.99, 0.2, 0.2)).isEmpty());
    assertTrue(
        rule.problem(new FacePresence.Evidence(0.2, 0.2, 0.2))
            .orElseThrow()
            .contains("presence 0.20 < 0.50"));
    assertTrue(
        rule.problem(new FacePresence.Evidence(0.99, 1.4, 0.2))
            .orElseThrow()
            .contains("1.40 eye distances > 1.00"));
    assertTrue(
        rule.problem(new FacePresence.Evidence(0.99, 0.2, 0.8))
            .orElseThrow()
            .contains("80% of it is flat colour"));
  }
}
