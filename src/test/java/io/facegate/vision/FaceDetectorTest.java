package io.facegate.vision;

import io.facegate.testing.Models;
import io.facegate.testing.SharedFaces;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped detector settings on real photos. */
class FaceDetectorTest {
  private final FacePipeline pipeline = Models.pipeline();

  private List<Detection> detect(Path photo) {
    try (Mat image = pipeline.decode(SharedFaces.read(photo))) {
      return pipeline.detect(image);
    }
  }

  @Test
  void everyPortraitHasExactlyOneFace() {
    SharedFaces.people().values().stream().flatMap(List::stream).forEach(photo ->
        assertEquals(1, detect(photo).size(), photo.toString()));
  }

  @Test
  void groupPhotosHaveSeveralFaces() {
    for (Path photo : SharedFaces.filesIn("cases/group")) {
      assertTrue(detect(photo).size() >= 2, photo.toString());
    }
    assertEquals(6, detect(SharedFaces.path("compreface/_cases/group/015_6.jpg")).size());
  }

  @Test
  void imagesWithoutFacesHaveNone() {
    for (Path photo : SharedFaces.filesIn("cases/noface")) {
      assertEquals(0, detect(photo).size(), photo.toString());
    }
    assertEquals(0, detect(SharedFaces.path("faceapi/_cases/noface/white.png")).size());
  }

  @Test
  void boxesAndKeyPointsAreInOriginalPixels() {
    // obama-480p.jpg is 853x480 with the face right of centre, its top above the middle.
    Detection face = detect(SharedFaces.path("people/obama/obama-480p.jpg")).get(0);
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
    List<Detection> faces = detect(SharedFaces.path("compreface/sampleA/001_A.jpg"));
    assertEquals(1, faces.size());
    assertTrue(faces.get(0).width() > 200, "mapped back to the 4912x7360 original");
  }

  /**
   * A large, tilted face that the full-range detector scores just under the threshold (0.64) and the
   * short-range one, trained on faces filling the frame, finds at 0.85: the pipeline asks it second.
   */
  @Test
  void closeRangeDetectorFindsWhatTheFullRangeOneMisses() {
    assertEquals(1, detect(SharedFaces.path("lfw-dev/people/Ricardo_Lagos/Ricardo_Lagos_0004.jpg")).size());
  }
}
