package io.facegate.events;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every event to every configured sink; one sink's trouble never reaches the caller or the other
 * sinks.
 */
final class FanOutPublisher implements EventPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(FanOutPublisher.class);
  private final List<EventPublisher> sinks;

  FanOutPublisher(List<EventPublisher> sinks) {
    this.sinks = List.copyOf(sinks);
  }

  @Override
  public void publish(Event event) {
    for (EventPublisher sink : sinks) {
      try {
        sink.publish(event);
      } catch (RuntimeException e) {
        LOG.warn("door event {} not queued: {}", event.eventId(), e.toString());
      }
    }
  }

  /** The sinks flush side by side, so the whole close takes at most one flush time. */
  @Override
  public Future<Void> close(Duration flush) {
    return Future.join(sinks.stream().map(sink -> sink.close(flush)).toList())
        .<Void>mapEmpty()
        .otherwiseEmpty();
  }
}
