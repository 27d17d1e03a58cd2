package io.facegate.events;

import io.facegate.config.FacegateConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The door event sinks the configuration asks for: MQTT when {@code mqtt_host} is set, a webhook when
 * {@code webhook_url} is set, both, or none ({@link EventPublisher#NONE}, the default).
 */
public final class DoorEvents {
  private DoorEvents() {
  }

  /** Throws IllegalArgumentException on a bad setting, so the server refuses to start saying which. */
  public static EventPublisher fromConfig(Vertx vertx, FacegateConfig config, MeterRegistry registry) {
    String mqttHost = config.string("mqtt_host").strip();
    String webhookUrl = config.string("webhook_url").strip();
    if (mqttHost.isEmpty() && webhookUrl.isEmpty()) {
      return EventPublisher.NONE;
    }
    DeliverySettings settings = DeliverySettings.from(config);
    // Both validated before either connects.
    MqttEventPublisher.Broker broker = mqttHost.isEmpty() ? null : new MqttEventPublisher.Broker(mqttHost,
        config.integer("mqtt_port"), config.string("mqtt_topic_prefix"), config.string("mqtt_client_id"),
        config.string("mqtt_username"), config.string("mqtt_password"));
    WebhookEventPublisher.Target target = webhookUrl.isEmpty() ? null : new WebhookEventPublisher.Target(webhookUrl,
        config.string("webhook_authorization"), config.string("webhook_hmac_secret"));
    List<EventPublisher> sinks = new ArrayList<>();
    if (broker != null) {
      sinks.add(new MqttEventPublisher(vertx, broker, settings, registry));
    }
    if (target != null) {
      sinks.add(new WebhookEventPublisher(vertx, target, settings, registry));
    }
    return new FanOutPublisher(sinks);
  }

  /** How long the server's stop waits for queued events: {@code events_flush_ms}. */
  public static Duration flushTime(FacegateConfig config) {
    return Duration.ofMillis(Math.max(0, config.longValue("events_flush_ms")));
  }
}
