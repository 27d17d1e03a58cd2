package io.facegate.config;

import java.time.Duration;

/**
 * Where door events go (an MQTT broker when {@code mqttHost} is set, a webhook when {@code
 * webhookUrl} is), and how each sink queues, retries and flushes them.
 */
public record EventsConfig(
    String mqttHost,
    int mqttPort,
    String mqttTopicPrefix,
    String mqttClientId,
    String mqttUsername,
    String mqttPassword,
    String webhookUrl,
    String webhookAuthorization,
    String webhookHmacSecret,
    int queueSize,
    int maxAttempts,
    long retryInitialMs,
    long retryMaxMs,
    long timeoutMs,
    Duration flushTime) {

  static EventsConfig from(Values v) {
    return new EventsConfig(
        v.text("mqtt_host").strip(),
        v.integer("mqtt_port"),
        v.text("mqtt_topic_prefix"),
        v.text("mqtt_client_id"),
        v.text("mqtt_username"),
        v.text("mqtt_password"),
        v.text("webhook_url").strip(),
        v.text("webhook_authorization"),
        v.text("webhook_hmac_secret"),
        v.integer("events_queue_size"),
        v.integer("events_max_attempts"),
        v.longValue("events_retry_initial_ms"),
        v.longValue("events_retry_max_ms"),
        v.longValue("events_timeout_ms"),
        Duration.ofMillis(v.longValue("events_flush_ms")));
  }
}
