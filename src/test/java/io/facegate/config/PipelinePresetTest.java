package io.facegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.vision.DetectorChoice;
import io.facegate.vision.EmbedderChoice;
import io.facegate.vision.PipelinePreset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * pipeline_preset sets detector, alignment and embedder to what docs/accuracy.md says it does; each
 * of the three set explicitly wins over the preset.
 */
@FastTier
class PipelinePresetTest {
  private static final Path ACCURACY = Path.of("docs/accuracy.md");

  @Test
  void theDefaultIsTheWideCamera() {
    PipelineConfig p = FacegateConfig.load(Map.of()).pipeline();
    assertEquals(PipelinePreset.WIDE_CAMERA, p.preset());
    assertEquals(DetectorChoice.BACK, p.detector());
    assertTrue(p.meshAlignment());
    assertEquals(EmbedderChoice.MOBILEFACENET, p.embedder());
  }

  @Test
  void eachPresetResolvesToTheChoicesTheAccuracyPageDocuments() throws Exception {
    List<String> rows =
        Files.readAllLines(ACCURACY).stream().filter(l -> l.startsWith("| `")).toList();
    for (PipelinePreset preset : PipelinePreset.values()) {
      PipelineConfig p =
          FacegateConfig.load(Map.of("FACEGATE_PIPELINE_PRESET", preset.setting())).pipeline();
      String documented =
          rows.stream()
              .filter(l -> l.startsWith("| `" + preset.setting() + "`"))
              .findFirst()
              .orElseThrow(() -> new AssertionError(preset + " has no row in " + ACCURACY));
      String[] cells = documented.split("\\|");
      assertEquals(p.detector(), DetectorChoice.parse(cells[2].strip()), documented);
      assertEquals(p.meshAlignment(), cells[3].strip().equals("mesh"), documented);
      assertEquals(p.embedder(), EmbedderChoice.parse(cells[4].strip()), documented);
    }
  }

  @Test
  void aChoiceSetExplicitlyOverridesThePreset() {
    PipelineConfig p =
        FacegateConfig.load(
                Map.of(
                    "FACEGATE_PIPELINE_PRESET", "wide_camera",
                    "FACEGATE_DETECTOR", "front",
                    "FACEGATE_EMBEDDER", "fr_feature"))
            .pipeline();
    assertEquals(PipelinePreset.WIDE_CAMERA, p.preset());
    assertEquals(DetectorChoice.FRONT, p.detector());
    assertEquals(EmbedderChoice.FR_FEATURE, p.embedder());
    assertTrue(p.meshAlignment(), "alignment left at auto: the preset's");

    PipelineConfig door =
        FacegateConfig.load(Map.of())
            .with(Map.of("pipeline_preset", "door_terminal", "alignment", "detector"))
            .pipeline();
    assertFalse(door.meshAlignment());
    assertEquals(DetectorChoice.FRONT_THEN_BACK, door.detector(), "the rest from the preset");
  }

  @Test
  void anUnknownPresetIsRefusedNamingTheChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FacegateConfig.load(Map.of("FACEGATE_PIPELINE_PRESET", "turnstile")));
    assertTrue(e.getMessage().contains("pipeline_preset"), e.getMessage());
    assertTrue(e.getMessage().contains("door_terminal, wide_camera"), e.getMessage());
  }
}
