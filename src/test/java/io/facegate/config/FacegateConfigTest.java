package io.facegate.config;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@FastTier
class FacegateConfigTest {
  @Test
  void defaultsComeFromTheShippedFile() {
    FacegateConfig config = FacegateConfig.load(Map.of());
    assertEquals(8080, config.integer("port"));
    assertEquals("./data", config.string("data_dir"));
  }

  @Test
  void environmentVariablesOverrideWithTheRightType() {
    FacegateConfig config = FacegateConfig.load(Map.of("FACEGATE_PORT", "9090", "FACEGATE_THRESHOLD_AUTH", "0.61",
        "FACEGATE_DATA_DIR", "/var/lib/facegate", "FACEGATE_INFERENCE_THREADS", "2"));
    assertEquals(9090, config.integer("port"));
    assertEquals(0.61, config.decimal("threshold_auth"));
    assertEquals("/var/lib/facegate", config.string("data_dir"));
    assertEquals(2, config.integer("inference_threads"));
  }

  @Test
  void malformedNumbersNameTheVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FacegateConfig.load(Map.of("FACEGATE_PORT", "eighty")));
    assertTrue(e.getMessage().contains("FACEGATE_PORT"), e.getMessage());
  }

  @Test
  void aConfigFileNamedByTheEnvironmentIsMergedOverDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("site.json");
    java.nio.file.Files.writeString(file, "{\"port\": 7000}");
    FacegateConfig config = FacegateConfig.load(Map.of("FACEGATE_CONFIG", file.toString()));
    assertEquals(7000, config.integer("port"));
    assertEquals("back", config.string("detector"), "other keys keep their defaults");
  }
}
