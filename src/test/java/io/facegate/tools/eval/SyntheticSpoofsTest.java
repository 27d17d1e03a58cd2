package io.facegate.tools.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.NORM_L1;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import io.facegate.vision.FacePipeline;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * The synthetic attacks keep the photo's geometry (so the face is still found) but change its
 * pixels.
 */
@ModelsTier
class SyntheticSpoofsTest {
  @Test
  void renderingsKeepSizeAndFaceButChangePixels() {
    FacePipeline pipeline = Models.pipeline();
    try (Mat photo = pipeline.decode(TestPhotos.bytes("people/obama/obama.jpg"));
        Mat screen = SyntheticSpoofs.screen(photo);
        Mat print = SyntheticSpoofs.print(photo)) {
      for (Mat rendered : new Mat[] {screen, print}) {
        assertEquals(CV_8UC3, rendered.type());
        assertEquals(photo.cols(), rendered.cols());
        assertEquals(photo.rows(), rendered.rows());
        double meanChange = norm(photo, rendered, NORM_L1, new Mat()) / (photo.total() * 3);
        assertTrue(meanChange > 5, "pixels changed by " + meanChange);
        assertFalse(pipeline.detect(rendered).isEmpty(), "the face is still there to be scored");
      }
    }
  }
}
