package io.facegate.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.SlowTier;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A child JVM (fd 2 is the whole process's) decodes noisy files with the bridge installed: each
 * native message becomes a JSON log line carrying the request id of the decode that caused it.
 */
@SlowTier
class NativeStderrTest {
  @Test
  void nativeDecoderWarningsBecomeJsonLogLinesAndNothingReachesStderr()
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("probe", ".out");
    Path err = Files.createTempFile("probe", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NativeStderrProbe.class.getName())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().put("FACEGATE_LOG_FORMAT", "json");
      Process child = builder.start();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the probe finished");
      assertEquals(0, child.exitValue(), Files.readString(err));
      assertEquals("", Files.readString(err), "nothing written to stderr");
      List<JsonObject> lines =
          Files.readAllLines(out, StandardCharsets.UTF_8).stream().map(JsonObject::new).toList();
      Map<String, String> requestIdByMessage =
          lines.stream()
              .filter(l -> "native".equals(l.getString("loggerName")))
              .collect(
                  Collectors.toMap(
                      l -> l.getString("formattedMessage"),
                      l ->
                          String.valueOf(
                              l.getJsonObject("mdc", new JsonObject()).getString("request_id")),
                      (a, b) -> a + "|" + b));
      assertEquals(
          Set.of("request-jpeg"),
          requestIdsOf(requestIdByMessage, "Corrupt JPEG data"),
          requestIdByMessage.toString());
      assertEquals(
          Set.of("request-png"),
          requestIdsOf(requestIdByMessage, "libpng"),
          requestIdByMessage.toString());
    } finally {
      Files.delete(out);
      Files.delete(err);
    }
  }

  /** The request ids of the messages containing {@code text}; empty when there is none. */
  private static Set<String> requestIdsOf(Map<String, String> requestIdByMessage, String text) {
    return requestIdByMessage.entrySet().stream()
        .filter(e -> e.getKey().contains(text))
        .flatMap(e -> Set.of(e.getValue().split("\\|")).stream())
        .collect(Collectors.toSet());
  }
}
