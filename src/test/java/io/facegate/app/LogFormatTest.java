package io.facegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.facegate.testing.FastTier;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled logback.xml, loaded into a private logger context with each log_format. */
@FastTier
class LogFormatTest {
  /**
   * What the bundled configuration prints to stdout for one warning logged with a request id in the
   * MDC.
   */
  private static List<String> logOnce(String format) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LogFormat.configure(context, format);
      context.getMDCAdapter().put("request_id", "req-42");
      context
          .getLogger("io.facegate.Test")
          .warn("could not write audit event for request {}", "req-42");
      context.getMDCAdapter().remove("request_id");
      context.getLogger("io.facegate.Test").info("outside any request");
    } finally {
      context.stop();
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void jsonFormatWritesOneJsonObjectPerLineWithTheRequestId() {
    List<String> lines = logOnce("json");
    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonObject first = new JsonObject(lines.get(0));
    assertEquals("WARN", first.getString("level"));
    assertEquals("io.facegate.Test", first.getString("loggerName"));
    assertEquals(
        "could not write audit event for request req-42", first.getString("formattedMessage"));
    assertEquals("req-42", first.getJsonObject("mdc").getString("request_id"));
    JsonObject second = new JsonObject(lines.get(1));
    assertEquals("outside any request", second.getString("formattedMessage"));
    assertTrue(
        second.getJsonObject("mdc") == null
            || !second.getJsonObject("mdc").containsKey("request_id"));
  }

  @Test
  void textFormatIsOneReadableLineWithTheRequestId() {
    List<String> lines = logOnce("text");
    assertEquals(2, lines.size(), String.join("\n", lines));
    assertTrue(
        lines
            .get(0)
            .matches(
                ".*WARN .*io.facegate.Test req-42 - could not write audit event for request req-42"),
        lines.get(0));
    assertTrue(lines.get(1).endsWith("io.facegate.Test  - outside any request"), lines.get(1));
  }

  @Test
  void otherFormatsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> LogFormat.apply("xml"));
  }
}
