package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.service.FaceReading;
import io.facegate.testing.GeneratedPhotos;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The second look of {@link FacePipeline#detect}: faces the whole frame misses are found in the
 * frame with its edges extended or in tiles of it, and an image without a face still has none.
 */
@ModelsTier
class SecondLookTest {
  private static final FacegateConfig CONFIG = Models.defaults();
  private static final FacePipeline PIPELINE = Models.pipeline();
  private static OnnxModel fullRangeModel;
  private static OnnxModel shortRangeModel;

  /** The shipped detectors on the whole frame only, to show the first look misses. */
  private static List<FaceDetector> wholeFrame;

  @BeforeAll
  static void load() {
    ModelRepository models = CONFIG.pipeline().models();
    PipelineSettings settings = CONFIG.pipelineSettings();
    DetectorChoice.BlazeFace full = DetectorChoice.BlazeFace.FULL_RANGE;
    DetectorChoice.BlazeFace shortRange = DetectorChoice.BlazeFace.SHORT_RANGE;
    fullRangeModel = new OnnxModel(full.file(), models.read(full.file()), settings.inference());
    shortRangeModel =
        new OnnxModel(shortRange.file(), models.read(shortRange.file()), settings.inference());
    wholeFrame =
        List.of(
            new FaceDetector(fullRangeModel, full.inputSize(), settings.minDetectionScore()),
            new FaceDetector(
                shortRangeModel, shortRange.inputSize(), settings.minDetectionScore()));
  }

  @AfterAll
  static void close() {
    fullRangeModel.close();
    shortRangeModel.close();
  }

  @Test
  void aSmallFaceInALargePhotoIsFoundInATileAndReadAsAProbe() {
    try (Mat portrait = imread(TestPhotos.path("people/obama/obama.jpg").toString());
        Mat canvas = new Mat(1920, 2560, CV_8UC3, new Scalar(110, 120, 130, 0))) {
      Detection face = PIPELINE.detect(portrait).get(0);
      // The face about 50 px across: 5 px once the whole 2560 px frame is shrunk to 256.
      double shrink = 50 / face.width();
      int x = 700;
      int y = 500;
      try (Mat small = new Mat()) {
        resize(
            portrait,
            small,
            new Size((int) (portrait.cols() * shrink), (int) (portrait.rows() * shrink)),
            0,
            0,
            INTER_AREA);
        small.copyTo(new Mat(canvas, new Rect(x, y, small.cols(), small.rows())));
        wholeFrame.forEach(d -> assertEquals(List.of(), d.detect(canvas), "the whole frame"));

        List<Detection> found = PIPELINE.detect(canvas);
        assertEquals(1, found.size(), found.toString());
        Detection where = found.get(0);
        double expectedX = x + face.x() * shrink;
        double expectedY = y + face.y() * shrink;
        assertTrue(Math.abs(where.x() - expectedX) < 15, where + " near x " + expectedX);
        assertTrue(Math.abs(where.y() - expectedY) < 15, where + " near y " + expectedY);
        // PNG: a JPEG this large would be decoded reduced, which is not what this test is about.
        FaceReading probe = CONFIG.faceReader(PIPELINE).forProbe(GeneratedPhotos.png(canvas));
        assertTrue(probe.quality().faceSize() >= 32, "usable: " + probe.quality());
      }
    }
  }

  @Test
  void aFaceTheEdgeCutsInHalfIsFoundWithTheEdgeExtended() {
    try (Mat portrait =
        imread(TestPhotos.path("people/alex_lacamoire/alex_lacamoire1.jpg").toString())) {
      Detection face = PIPELINE.detect(portrait).get(0);
      int cut = (int) (face.x() + face.width() / 2);
      try (Mat half = new Mat(portrait, new Rect(cut, 0, portrait.cols() - cut, portrait.rows()))) {
        wholeFrame.forEach(d -> assertEquals(List.of(), d.detect(half), "the whole frame"));

        List<Detection> found = PIPELINE.detect(half);
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).x() < 0, "the box reaches past the cut edge: " + found.get(0));
      }
    }
  }

  @Test
  void aLargeImageWithoutAFaceStillHasNone() {
    try (Mat empty = new Mat(1920, 2560, CV_8UC3, new Scalar(110, 120, 130, 0))) {
      assertEquals(List.of(), PIPELINE.detect(empty));
    }
    for (var photo : TestPhotos.filesIn("cases/noface")) {
      try (Mat image = PIPELINE.decode(TestPhotos.read(photo))) {
        assertEquals(List.of(), PIPELINE.detect(image), photo.toString());
      }
    }
  }
}
