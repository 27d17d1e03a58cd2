package io.facegate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@FastTier
class FacegateConfigTest {
  @Test
  void defaultsComeFromTheShippedFile() {
    FacegateConfig config = FacegateConfig.load(Map.of());
    assertEquals(8080, config.server().port());
    assertEquals(Paths.get("./data"), config.storage().dataDir());
    assertEquals(List.of(), config.server().corsOrigins());
    assertTrue(config.decisions().thresholds().idFromGallery(), "threshold_id auto");
    assertEquals(50_000, config.index().shortlist().from());
  }

  @Test
  void theShippedFileNamesEverySettingOnce() {
    assertEquals(SettingTable.BY_KEY.keySet(), FacegateConfig.defaults().fieldNames());
  }

  @Test
  void environmentVariablesOverrideWithTheRightType() {
    FacegateConfig config =
        FacegateConfig.load(
            Map.of(
                "FACEGATE_PORT",
                "9090",
                "FACEGATE_THRESHOLD_AUTH",
                "0.61",
                "FACEGATE_DATA_DIR",
                "/var/lib/facegate",
                "FACEGATE_INFERENCE_THREADS",
                "2",
                "FACEGATE_THRESHOLD_ID",
                "0.6",
                "FACEGATE_CORS_ORIGINS",
                "https://a.example, https://b.example",
                "FACEGATE_LIVENESS",
                "ENFORCE"));
    assertEquals(9090, config.server().port());
    assertEquals(0.61, config.decisions().thresholds().auth());
    assertEquals(0.6, config.decisions().thresholds().id());
    assertEquals(Paths.get("/var/lib/facegate"), config.storage().dataDir());
    assertEquals(2, config.pipeline().inferenceThreads());
    assertEquals(List.of("https://a.example", "https://b.example"), config.server().corsOrigins());
    assertEquals(io.facegate.service.LivenessMode.ENFORCE, config.decisions().liveness());
  }

  @Test
  void trustedProxiesAreAddressRangesFromAListOrTheEnvironment(@TempDir Path dir) throws Exception {
    assertEquals(List.of(), FacegateConfig.load(Map.of()).server().trustedProxies());
    assertEquals(
        List.of(new Cidr("10.0.0.0", 8), new Cidr("::1", 128)),
        FacegateConfig.load(Map.of("FACEGATE_TRUSTED_PROXIES", "10.0.0.0/8, ::1"))
            .server()
            .trustedProxies());
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"trusted_proxies\": [\"192.168.1.10\", \"fd00::/8\"]}");
    assertEquals(
        List.of(new Cidr("192.168.1.10", 32), new Cidr("fd00::", 8)),
        FacegateConfig.load(Map.of("FACEGATE_CONFIG", file.toString())).server().trustedProxies());
    for (String bad : List.of("proxy.example", "10.0.0.0/33", "10.0.0.0/x", "1.2.3.4/8/9")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> FacegateConfig.load(Map.of("FACEGATE_TRUSTED_PROXIES", bad)));
      assertTrue(
          e.getMessage().contains("FACEGATE_TRUSTED_PROXIES") && e.getMessage().contains(bad),
          e.getMessage());
    }
  }

  @Test
  void aConfigFileNamedByTheEnvironmentIsMergedOverDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"port\": 7000, \"threshold_id\": 0.62, \"events_flush_ms\": 1500}");
    FacegateConfig config = FacegateConfig.load(Map.of("FACEGATE_CONFIG", file.toString()));
    assertEquals(7000, config.server().port());
    assertEquals(0.62, config.decisions().thresholds().id(), "a JSON number pins threshold_id");
    assertEquals(Duration.ofMillis(1500), config.events().flushTime());
    assertEquals(
        io.facegate.vision.DetectorChoice.BACK,
        config.pipeline().detector(),
        "others keep their defaults");
  }

  @Test
  void anEnvironmentValueThatDoesNotParseNamesTheVariableAndWhatIsAllowed() {
    assertRefused(
        Map.of("FACEGATE_PORT", "eighty"),
        "FACEGATE_PORT",
        "whole number from 0 to 65535",
        "'eighty'");
    assertRefused(
        Map.of("FACEGATE_THRESHOLD_AUTH", "high"),
        "FACEGATE_THRESHOLD_AUTH",
        "number from -1 to 1");
    assertRefused(
        Map.of("FACEGATE_THRESHOLD_ID", "1.5"), "threshold_id", "auto or a number from -1 to 1");
    assertRefused(
        Map.of("FACEGATE_WORKERS", "2.5"), "FACEGATE_WORKERS", "whole number from 1 to 256");
    assertRefused(
        Map.of("FACEGATE_DETECTOR", "side"), "FACEGATE_DETECTOR", "one of auto, back, front");
    assertRefused(
        Map.of("FACEGATE_MIN_DETECTION_SCORE", "NaN"), "min_detection_score", "number from 0 to 1");
  }

  @Test
  void anOutOfBoundsValueNamesTheKeyAndTheRange() {
    assertRefused(Map.of("FACEGATE_PORT", "70000"), "setting port", "from 0 to 65535", "70000");
    assertRefused(Map.of("FACEGATE_WORKERS", "0"), "setting workers", "from 1 to 256");
    assertRefused(
        Map.of("FACEGATE_LIVENESS_THRESHOLD", "-0.1"),
        "setting liveness_threshold",
        "from 0 to 100");
    assertRefused(Map.of("FACEGATE_HOST", " "), "setting host", "a non-empty string");
  }

  @Test
  void aConfigFileValueOfTheWrongTypeOrOutOfRangeNamesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"port\": \"8080\"}");
    assertRefused(
        Map.of("FACEGATE_CONFIG", file.toString()),
        "setting port (config file " + file,
        "whole number");
    Files.writeString(file, "{\"mqtt_port\": 0}");
    assertRefused(
        Map.of("FACEGATE_CONFIG", file.toString()), "setting mqtt_port", "from 1 to 65535");
    Files.writeString(file, "{\"host\": 8080}");
    assertRefused(Map.of("FACEGATE_CONFIG", file.toString()), "setting host", "a non-empty string");
  }

  @Test
  void anUnknownKeyInTheConfigFileIsRefused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"prot\": 7000}");
    assertRefused(
        Map.of("FACEGATE_CONFIG", file.toString()), "unknown setting 'prot'", file.toString());
  }

  @Test
  void aSettingRemovedWithTheGraphIsRefusedSayingItCanBeDeleted(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "{\"port\": 7000, \"index_ef\": 400}");
    assertRefused(
        Map.of("FACEGATE_CONFIG", file.toString()),
        "setting 'index_ef'",
        file.toString(),
        "removed with the HNSW graph",
        "can be deleted");
    assertRefused(
        Map.of("FACEGATE_INDEX_SNAPSHOT_SECONDS", "600"),
        "setting 'index_snapshot_seconds'",
        "environment variable FACEGATE_INDEX_SNAPSHOT_SECONDS",
        "can be deleted");
    assertTrue(
        Collections.disjoint(SettingTable.REMOVED.keySet(), SettingTable.BY_KEY.keySet()),
        "a removed key is not a setting again");
  }

  @Test
  void aConfigFileThatIsNotJsonIsRefusedNamingIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("site.json");
    Files.writeString(file, "port: 7000");
    assertRefused(
        Map.of("FACEGATE_CONFIG", file.toString()), "config file " + file, "not a JSON object");
  }

  @Test
  void settingsThatOnlyMakeSenseTogetherAreCheckedTogether() {
    FacegateConfig defaults = FacegateConfig.load(Map.of());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> defaults.with("tls_cert_file", "/etc/facegate/cert.pem"));
    assertTrue(e.getMessage().contains("tls_key_file"), e.getMessage());
    assertTrue(
        defaults
            .with(
                Map.of(
                    "tls_cert_file",
                    "/etc/facegate/cert.pem",
                    "tls_key_file",
                    "/etc/facegate/key.pem"))
            .server()
            .tls());
  }

  @Test
  void overridesInCodeAreCheckedLikeAnyLayer() {
    FacegateConfig defaults = FacegateConfig.load(Map.of());
    assertEquals(0, defaults.with("port", 0).server().port());
    assertThrows(IllegalArgumentException.class, () -> defaults.with("no_such_setting", 1));
    assertThrows(IllegalArgumentException.class, () -> defaults.with("events_queue_size", 0));
  }

  private static void assertRefused(Map<String, String> env, String... fragments) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FacegateConfig.load(env));
    for (String fragment : fragments) {
      assertTrue(
          e.getMessage().contains(fragment), "'" + fragment + "' missing from: " + e.getMessage());
    }
  }
}
