package io.facegate.events;

import io.vertx.core.Future;
import java.time.Duration;

/**
 * Where door and people events go. {@link #publish} is called on an HTTP event loop once the
 * response is out: it must return at once, never block, never throw. Delivery happens elsewhere.
 */
public interface EventPublisher {
  /** Events are off: nothing is built or sent. */
  EventPublisher NONE =
      new EventPublisher() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public void publish(Event event) {}

        @Override
        public Future<Void> close(Duration flush) {
          return Future.succeededFuture();
        }
      };

  /** False when publishing would go nowhere, so callers can skip building events. */
  default boolean enabled() {
    return true;
  }

  void publish(Event event);

  /**
   * Takes no more events, tries to deliver what is queued for at most {@code flush}, drops the rest
   * (counted) and closes the connections. Never fails.
   */
  Future<Void> close(Duration flush);
}
