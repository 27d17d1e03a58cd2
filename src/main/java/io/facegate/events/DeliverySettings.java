package io.facegate.events;

import io.facegate.config.EventsConfig;

/**
 * How each sink delivers: its queue bound, how many tries an event gets, the exponential backoff
 * between tries (and between MQTT reconnects), and how long one try may take.
 */
record DeliverySettings(
    int queueSize, int maxAttempts, long retryInitialMs, long retryMaxMs, long timeoutMs) {

  DeliverySettings {
    if (queueSize < 1
        || maxAttempts < 1
        || retryInitialMs < 1
        || retryMaxMs < retryInitialMs
        || timeoutMs < 1) {
      throw new IllegalArgumentException(
          "events settings: events_queue_size, events_max_attempts, "
              + "events_retry_initial_ms and events_timeout_ms must be at least 1, events_retry_max_ms at least "
              + "events_retry_initial_ms");
    }
  }

  static DeliverySettings from(EventsConfig config) {
    return new DeliverySettings(
        config.queueSize(),
        config.maxAttempts(),
        config.retryInitialMs(),
        config.retryMaxMs(),
        config.timeoutMs());
  }

  /** The wait before try {@code failures + 1}: initial, doubled after each failure, capped. */
  long backoffMs(int failures) {
    int doublings = Math.min(Math.max(failures - 1, 0), 30);
    return retryInitialMs > (retryMaxMs >> doublings) ? retryMaxMs : retryInitialMs << doublings;
  }
}
