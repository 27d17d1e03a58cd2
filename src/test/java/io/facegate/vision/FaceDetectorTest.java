package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** The shipped detector settings on real photos. */
@ModelsTier
class FaceDetectorTest {
  private final FacePipeline pipeline = Models.pipeline();

  private List<Detection> detect(Path photo) {
    try (Mat image = pipeline.decode(TestPhotos.read(photo))) {
      return pipeline.detect(image);
    }
  }

  @Test
  void everyPortraitHasExactlyOneFace() {
    TestPhotos.people().values().stream()
        .flatMap(List::stream)
        .forEach(photo -> assertEquals(1, detect(photo).size(), photo.toString()));
  }

  @Test
  void groupPhotosHaveSeveralFaces() {
    for (Path photo : TestPhotos.filesIn("cases/group")) {
      assertTrue(detect(photo).size() >= 2, photo.toString());
    }
    assertEquals(6, detect(TestPhotos.path("compreface/_cases/group/015_6.jpg")).size());
  }

  @Test
  void imagesWithoutFacesHaveNone() {
    for (Path photo : TestPhotos.filesIn("cases/noface")) {
      assertEquals(0, detect(photo).size(), photo.toString());
    }
    assertEquals(0, detect(TestPhotos.path("faceapi/_cases/noface/white.png")).size());
  }

  @Test
  void boxesAndKeyPointsAreInOriginalPixels() {
    // obama-480p.jpg is 853x480 with the face right of centre, its top above the middle.
    Detection face = detect(TestPhotos.path("people/obama/obama-480p.jpg")).get(0);
    assertTrue(face.x() > 300 && face.x() + face.width() < 560, "x " + face);
    assertTrue(face.y() > 20 && face.y() + face.height() < 260, "y " + face);
    Point rightEye = face.keypoint(Detection.RIGHT_EYE);
    Point leftEye = face.keypoint(Detection.LEFT_EYE);
    Point mouth = face.keypoint(Detection.MOUTH);
    assertTrue(rightEye.x() < leftEye.x(), "the subject's right eye is on the image's left");
    assertTrue(mouth.y() > rightEye.y() && mouth.y() > leftEye.y(), "the mouth is below the eyes");
    for (Point p : face.keypoints().subList(0, 4)) {
      assertTrue(p.x() >= face.x() && p.x() <= face.x() + face.width(), "inside the box: " + p);
    }
  }

  @Test
  void largeFaceInHugePhotoIsFound() {
    List<Detection> faces = detect(TestPhotos.path("compreface/sampleA/002_A.jpg"));
    assertEquals(1, faces.size());
    assertTrue(faces.get(0).width() > 200, "mapped back to the 3880x5184 original");
  }

  /**
   * A face filling a tight 150x150 crop, which the full-range detector misses and the short-range
   * one, trained on faces filling the frame, finds: the pipeline asks it second.
   */
  @Test
  void closeRangeDetectorFindsWhatTheFullRangeOneMisses() {
    PipelineSettings settings = Models.defaults().pipelineSettings();
    Path crop = TestPhotos.path("faceapi/howard/howard4.png");
    try (OnnxModel model =
            new OnnxModel(
                DetectorChoice.BACK.file(),
                ModelRepository.directory(Path.of("models")).read(DetectorChoice.BACK.file()),
                settings.inference());
        Mat image = pipeline.decode(TestPhotos.read(crop))) {
      FaceDetector fullRangeOnly =
          new FaceDetector(model, DetectorChoice.BACK.inputSize(), settings.minDetectionScore());
      assertEquals(
          0, fullRangeOnly.detect(image).size(), "the full-range detector alone misses it");
    }
    assertEquals(1, detect(crop).size());
  }
}
