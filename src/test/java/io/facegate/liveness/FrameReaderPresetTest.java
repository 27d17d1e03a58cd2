package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import io.facegate.vision.FacePipeline;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Liveness frames are read the same way whatever the pipeline preset: its rules were measured on
 * the full-range detector's boxes and key points, and door_terminal asks the short-range model
 * first for everything else.
 */
@ModelsTier
class FrameReaderPresetTest {
  private static FacePipeline door;
  private static FacePipeline wide;

  @BeforeAll
  static void load() {
    door = pipeline("door_terminal");
    wide = pipeline("wide_camera");
  }

  @AfterAll
  static void close() {
    door.close();
    wide.close();
  }

  private static FacePipeline pipeline(String preset) {
    FacegateConfig config = Models.defaults().with("pipeline_preset", preset);
    return FacePipeline.load(config.pipeline().models(), config.pipelineSettings());
  }

  @Test
  void bothPresetsReadAFrameWithTheFullRangeDetector() {
    for (String photo :
        List.of(
            "people/obama/obama1.jpg",
            "people/kit_harington/john1.jpeg",
            "people/obama/obama-480p.jpg")) {
      byte[] bytes = TestPhotos.bytes(photo);
      assertEquals(
          new FrameReader(wide).read(bytes).orElseThrow().face(),
          new FrameReader(door).read(bytes).orElseThrow().face(),
          photo);
    }
  }
}
