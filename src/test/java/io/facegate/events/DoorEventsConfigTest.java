package io.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.FastTier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which sinks the settings turn on, the settings refused at start, the backoff, and what reaches
 * the log.
 */
@FastTier
class DoorEventsConfigTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  private static FacegateConfig defaults() {
    return FacegateConfig.load(Map.of());
  }

  private EventPublisher publisher(FacegateConfig config) {
    return DoorEvents.fromConfig(vertx, config.events(), new SimpleMeterRegistry());
  }

  @Test
  void offByDefault() {
    assertFalse(publisher(defaults()).enabled());
  }

  @Test
  void environmentTurnsOnAWebhook() {
    FacegateConfig config =
        FacegateConfig.load(
            Map.of(
                "FACEGATE_WEBHOOK_URL",
                "http://127.0.0.1:9/door",
                "FACEGATE_EVENTS_QUEUE_SIZE",
                "7"));
    EventPublisher publisher = publisher(config);
    assertTrue(publisher.enabled());
    assertEquals(7, DeliverySettings.from(config.events()).queueSize());
    publisher.close(Duration.ZERO).await();
  }

  @Test
  void badSinkSettingsAreRefusedSayingWhich() {
    // Ranges of single settings are checked when the configuration loads (FacegateConfigTest);
    // these are
    // what only the sinks know: URL schemes, MQTT topic wildcards, one bound relative to another.
    List<FacegateConfig> bad =
        List.of(
            defaults().with("webhook_url", "ftp://example.org/door"),
            defaults().with("webhook_url", "not a url"),
            defaults().with("mqtt_host", "broker").with("mqtt_topic_prefix", "doors/#"),
            defaults().with("webhook_url", "http://h/door").with("events_retry_max_ms", 10));
    for (FacegateConfig config : bad) {
      assertThrows(
          IllegalArgumentException.class, () -> publisher(config), config.events().toString());
    }
  }

  @Test
  void backoffDoublesFromInitialUpToMax() {
    DeliverySettings settings = new DeliverySettings(10, 5, 500, 30_000, 5_000);
    assertEquals(
        List.of(500L, 500L, 1_000L, 2_000L, 4_000L, 30_000L, 30_000L),
        List.of(
            settings.backoffMs(0),
            settings.backoffMs(1),
            settings.backoffMs(2),
            settings.backoffMs(3),
            settings.backoffMs(4),
            settings.backoffMs(8),
            settings.backoffMs(1_000)));
  }

  @Test
  void aTokenInTheWebhookQueryStaysOutOfFailureMessages() {
    WebhookEventPublisher.Target target =
        new WebhookEventPublisher.Target("https://hooks.example/door?token=s3cret", "", "");
    String logged =
        target.redact(
            "The timeout period of 300ms has been exceeded while executing POST "
                + "/door?token=s3cret for server hooks.example:443");
    assertFalse(logged.contains("s3cret"), logged);
  }
}
