package io.facegate.events;

import io.facegate.config.EventsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The door event sinks the configuration asks for: MQTT when {@code mqtt_host} is set, a webhook
 * when {@code webhook_url} is set, both, or none ({@link EventPublisher#NONE}, the default).
 */
public final class DoorEvents {
  private DoorEvents() {}

  /**
   * Throws IllegalArgumentException on a bad setting, so the server refuses to start saying which.
   */
  public static EventPublisher fromConfig(
      Vertx vertx, EventsConfig config, MeterRegistry registry) {
    String mqttHost = config.mqttHost();
    String webhookUrl = config.webhookUrl();
    if (mqttHost.isEmpty() && webhookUrl.isEmpty()) {
      return EventPublisher.NONE;
    }
    DeliverySettings settings = DeliverySettings.from(config);
    // Both validated before either connects.
    MqttEventPublisher.Broker broker =
        mqttHost.isEmpty()
            ? null
            : new MqttEventPublisher.Broker(
                mqttHost,
                config.mqttPort(),
                config.mqttTopicPrefix(),
                config.mqttClientId(),
                config.mqttUsername(),
                config.mqttPassword());
    WebhookEventPublisher.Target target =
        webhookUrl.isEmpty()
            ? null
            : new WebhookEventPublisher.Target(
                webhookUrl, config.webhookAuthorization(), config.webhookHmacSecret());
    List<EventPublisher> sinks = new ArrayList<>();
    if (broker != null) {
      sinks.add(new MqttEventPublisher(vertx, broker, settings, registry));
    }
    if (target != null) {
      sinks.add(new WebhookEventPublisher(vertx, target, settings, registry));
    }
    return new FanOutPublisher(sinks);
  }
}
