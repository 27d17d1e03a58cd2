package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code detector=front-then-back}: the short-range model's faces when it finds any, else the
 * full-range model's.
 */
@ModelsTier
class DetectorOrderTest {
  private static FacePipeline frontOnly;
  private static FacePipeline frontThenBack;
  private static FacePipeline backFirst;

  @BeforeAll
  static void load() {
    frontOnly = pipeline("front");
    frontThenBack = pipeline("front-then-back");
    backFirst = pipeline("back");
  }

  @AfterAll
  static void close() {
    List.of(frontOnly, frontThenBack, backFirst).forEach(FacePipeline::close);
  }

  /** The detector's own key points: no face mesh to load, the detectors are what differs. */
  private static FacePipeline pipeline(String detector) {
    FacegateConfig config =
        Models.defaults().with("detector", detector).with("alignment", "detector");
    return FacePipeline.load(config.pipeline().models(), config.pipelineSettings());
  }

  private static List<Detection> detect(FacePipeline pipeline, String photo) {
    try (Mat image = pipeline.decode(TestPhotos.bytes(photo))) {
      return pipeline.detect(image);
    }
  }

  @Test
  void smallFacesTheShortRangeModelMissesAreFoundByTheFullRangeOne() {
    String sixSmallFaces = "compreface/_cases/group/015_6.jpg";
    assertTrue(
        detect(frontOnly, sixSmallFaces).size() < 6,
        "short range alone misses some, even in its second look at tiles");
    assertEquals(detect(backFirst, sixSmallFaces), detect(frontThenBack, sixSmallFaces));
    assertEquals(6, detect(frontThenBack, sixSmallFaces).size());
  }

  @Test
  void whenTheShortRangeModelFindsFacesTheFullRangeOneIsNotAsked() {
    String group = "compreface/_cases/group/000_5.jpg";
    List<Detection> shortRange = detect(frontOnly, group);
    assertTrue(
        !shortRange.isEmpty() && shortRange.size() < 5,
        "short range finds some of the large faces, not the small ones: " + shortRange.size());
    assertEquals(
        5,
        detect(backFirst, group).size(),
        "the full-range model (asked first by back) finds all five");
    assertEquals(shortRange, detect(frontThenBack, group));
  }

  @Test
  void readingWithEveryDetectorFindsTheFacesTheFirstOneLeftOut() {
    String group = "compreface/_cases/group/000_5.jpg";
    try (Mat image = frontThenBack.decode(TestPhotos.bytes(group))) {
      assertTrue(frontThenBack.detect(image).size() < 5, "the short-range model alone");
      List<Detection> every = frontThenBack.detectAll(image);
      assertEquals(5, every.size(), "every face, each once");
      for (int i = 0; i < every.size(); i++) {
        for (int j = i + 1; j < every.size(); j++) {
          assertTrue(every.get(i).iou(every.get(j)) < 0.3f, "one face listed twice");
        }
      }
    }
  }

  @Test
  void settingNamesTheOrder() {
    assertEquals(
        List.of(DetectorChoice.BlazeFace.SHORT_RANGE, DetectorChoice.BlazeFace.FULL_RANGE),
        DetectorChoice.parse("front-then-back").order());
    assertEquals(DetectorChoice.FRONT_THEN_BACK, DetectorChoice.parse(" FRONT_THEN_BACK "));
    assertEquals(
        List.of(DetectorChoice.BlazeFace.FULL_RANGE, DetectorChoice.BlazeFace.SHORT_RANGE),
        DetectorChoice.parse("back").order());
    assertEquals(
        "front-then-back (128 px, then 256 px)", DetectorChoice.FRONT_THEN_BACK.describe());
  }
}
