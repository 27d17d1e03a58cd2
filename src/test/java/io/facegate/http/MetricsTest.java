package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What /metrics shows after real enrollments and verifications. */
@E2eTier
class MetricsTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static String scrape;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
    ApiClient admin = server.client(Role.ADMIN);
    assertEquals(
        201,
        admin
            .register(
                "obama",
                TestPhotos.path("people/obama/obama.jpg"),
                TestPhotos.path("people/obama/obama2.jpg"))
            .statusCode());
    HttpResponse<Buffer> match = admin.auth("obama", TestPhotos.path("people/obama/obama3.jpg"));
    assertEquals(200, match.statusCode(), match.bodyAsString());
    assertTrue(match.bodyAsJsonObject().getBoolean("match"));
    HttpResponse<Buffer> stranger = admin.identify(TestPhotos.path("people/angelina_jolie/1.jpg"));
    assertEquals(200, stranger.statusCode(), stranger.bodyAsString());
    assertEquals(false, stranger.bodyAsJsonObject().getBoolean("match"));
    Path noFace = TestPhotos.filesIn("cases/noface").get(0);
    assertEquals(422, admin.auth("obama", noFace).statusCode());
    scrape = server.clientWithToken(null).get("/metrics").bodyAsString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * The value of the first sample named {@code name} whose labels include all of {@code labels}.
   */
  private static Optional<Double> sample(String name, Map<String, String> labels) {
    return scrape
        .lines()
        .filter(l -> !l.startsWith("#"))
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(
            l ->
                labels.entrySet().stream()
                    .allMatch(e -> l.contains(e.getKey() + "=\"" + e.getValue() + "\"")))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst();
  }

  @Test
  void stageHistogramsHaveBucketsAndCounts() {
    for (String stage : List.of("decode", "detect", "align", "embed")) {
      assertTrue(
          sample("facegate_stage_seconds_bucket", Map.of("stage", stage, "le", "+Inf")).orElse(0.0)
              >= 3,
          stage + " timed for the two enrollment photos and the probes:\n" + scrape);
      assertTrue(
          scrape.contains("facegate_stage_seconds_bucket{le=\"0.001\",stage=\"" + stage + "\"}")
              || scrape.contains(
                  "facegate_stage_seconds_bucket{stage=\"" + stage + "\",le=\"0.001\"}"),
          "finite buckets");
    }
    assertTrue(
        sample("facegate_stage_seconds_count", Map.of("stage", "liveness")).isPresent(),
        "the liveness histogram exists even when it has not run");
  }

  @Test
  void decisionsAreCountedByModeAndDecision() {
    assertEquals(
        1.0,
        sample("facegate_decisions_total", Map.of("mode", "auth", "decision", "match"))
            .orElseThrow());
    assertEquals(
        1.0,
        sample("facegate_decisions_total", Map.of("mode", "id", "decision", "unknown"))
            .orElseThrow());
    assertEquals(
        1.0,
        sample("facegate_decisions_total", Map.of("mode", "auth", "decision", "no_face"))
            .orElseThrow());
    assertEquals(
        0.0,
        sample("facegate_decisions_total", Map.of("mode", "auth", "decision", "locked"))
            .orElseThrow());
  }

  @Test
  void indexAndModelGauges() {
    assertEquals(2.0, sample("facegate_index_embeddings", Map.of()).orElseThrow());
    assertEquals(1.0, sample("facegate_index_people", Map.of()).orElseThrow());
    assertEquals(1.0, sample("facegate_models_loaded", Map.of()).orElseThrow());
    assertTrue(scrape.contains("facegate_model_info{model_id=\"mobilefacenet@"), scrape);
    assertEquals(1.0, sample("facegate_model_info", Map.of()).orElseThrow());
    assertEquals(0.0, sample("facegate_inference_in_flight", Map.of()).orElseThrow());
    assertEquals(0.0, sample("facegate_inference_timed_out_total", Map.of()).orElseThrow());
    // Exported from the start; NativeStderrTest shows the lines they count.
    assertTrue(
        sample("facegate_native_messages_total", Map.of("outcome", "logged")).isPresent(), scrape);
    assertTrue(
        sample("facegate_native_messages_total", Map.of("outcome", "dropped")).isPresent(), scrape);
  }

  @Test
  void requestLatencyIsAHistogramPerRoute() {
    assertTrue(
        sample(
                    "vertx_http_server_response_time_seconds_bucket",
                    Map.of("route", "/verify", "code", "200", "le", "+Inf"))
                .orElse(0.0)
            >= 2,
        scrape
            .lines()
            .filter(l -> l.startsWith("vertx_http_server_response_time"))
            .limit(20)
            .reduce("", (a, b) -> a + b + "\n"));
    assertTrue(
        sample("vertx_http_server_response_time_seconds_bucket", Map.of("route", "/register"))
            .isPresent());
  }
}
