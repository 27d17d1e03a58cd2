package io.facegate.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sink's delivery loop: a bounded queue in front of a transport, one event in flight at a time
 * (so events arrive in order), retries with exponential backoff up to a number of attempts, and a
 * bounded flush on close.
 *
 * <p>When the queue is full the OLDEST queued event is dropped: a door cares most about what just
 * happened. Every event ends in exactly one outcome of {@code facegate_events_total{sink,
 * outcome}}: {@code delivered}, {@code dropped_queue_full}, {@code dropped_failed} (its attempts
 * ran out) or {@code dropped_shutdown} (still queued when the flush time ran out, or published
 * after close).
 *
 * <p>Threads: {@link #publish} may be called from any thread (HTTP event loops) and only takes the
 * queue's monitor for an O(1) insert. Everything else runs on this publisher's own Vert.x context,
 * so its state needs no locks and the transports' callbacks arrive there too.
 */
abstract class QueuedEventPublisher implements EventPublisher {
  static final String DELIVERED = "delivered";
  static final String DROPPED_QUEUE_FULL = "dropped_queue_full";
  static final String DROPPED_FAILED = "dropped_failed";
  static final String DROPPED_SHUTDOWN = "dropped_shutdown";
  static final List<String> OUTCOMES =
      List.of(DELIVERED, DROPPED_QUEUE_FULL, DROPPED_FAILED, DROPPED_SHUTDOWN);
  private static final Logger LOG = LoggerFactory.getLogger(QueuedEventPublisher.class);

  protected final Vertx vertx;
  protected final Context context;
  protected final DeliverySettings settings;
  protected final String sink;
  private final Map<String, Counter> outcomes;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  private final AtomicBoolean warnedFull = new AtomicBoolean();

  private final ArrayDeque<Event> queue = new ArrayDeque<>(); // guarded by itself
  private boolean sealed; // guarded by queue: closed to new events

  // Confined to context.
  private volatile Event current; // volatile: the gauge reads it
  private int failures;
  private boolean inFlight;
  private long retryTimer = -1;
  private Promise<Void> closing;
  private long flushTimer = -1;

  /**
   * Call from outside Vert.x (the server's start): the publisher gets a fresh event-loop context of
   * its own.
   */
  QueuedEventPublisher(
      Vertx vertx, String sink, DeliverySettings settings, MeterRegistry registry) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.settings = settings;
    this.sink = sink;
    // Registered up front, so every outcome is in the scrape from the start (at 0).
    this.outcomes =
        OUTCOMES.stream()
            .collect(
                Collectors.toUnmodifiableMap(
                    Function.identity(),
                    outcome ->
                        Counter.builder("facegate.events")
                            .description("door events by sink and what became of them")
                            .tag("sink", sink)
                            .tag("outcome", outcome)
                            .register(registry)));
    Gauge.builder("facegate.events.queued", this, QueuedEventPublisher::queued)
        .tag("sink", sink)
        .description("door events waiting for delivery, the one being delivered included")
        .strongReference(true)
        .register(registry);
    Gauge.builder("facegate.events.sink.up", this, p -> p.ready() ? 1 : 0)
        .tag("sink", sink)
        .description("1 when the sink can take events now (mqtt: connected to the broker), else 0")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Whether the transport can take an event now (MQTT: connected). While not, the loop waits
   * without spending attempts, and {@link #wake()} must be called when it becomes true. Also read
   * by the gauge.
   */
  protected abstract boolean ready();

  /**
   * One attempt; succeeds once the receiver has acknowledged the event. Called on {@link #context}.
   */
  protected abstract Future<Void> deliver(Event event);

  /** Closes the connections; called on {@link #context} once, after the last attempt. */
  protected abstract Future<Void> closeTransport();

  @Override
  public final void publish(Event event) {
    boolean dropped = false;
    boolean refused;
    synchronized (queue) {
      refused = sealed;
      if (!refused) {
        if (queue.size() >= settings.queueSize()) {
          queue.pollFirst();
          dropped = true;
        }
        queue.addLast(event);
      }
    }
    if (refused) {
      outcomes.get(DROPPED_SHUTDOWN).increment();
      return;
    }
    if (dropped) {
      outcomes.get(DROPPED_QUEUE_FULL).increment();
      if (warnedFull.compareAndSet(false, true)) {
        LOG.warn(
            "{} events: queue full ({}), dropping the oldest until deliveries succeed again",
            sink,
            settings.queueSize());
      }
    }
    wake();
  }

  /** Runs the loop on the publisher's context soon; cheap to call often. */
  protected final void wake() {
    if (wakeScheduled.compareAndSet(false, true)) {
      context.runOnContext(
          v -> {
            wakeScheduled.set(false);
            pump();
          });
    }
  }

  private void pump() {
    if (inFlight || retryTimer != -1) {
      return;
    }
    if (!ready()) {
      if (closing != null) {
        finishClose(); // no connection to flush through: do not wait out the flush time
      }
      return; // events stay in the queue, where the bound applies to them, until wake()
    }
    if (current == null) {
      current = poll();
      failures = 0;
    }
    if (current == null) {
      if (closing != null) {
        finishClose();
      }
      return;
    }
    inFlight = true;
    Event event = current;
    Future<Void> attempt;
    try {
      attempt = deliver(event);
    } catch (RuntimeException e) {
      attempt = Future.failedFuture(e);
    }
    attempt.onComplete(
        result -> {
          if (Vertx.currentContext() == context) {
            settle(event, result);
          } else {
            context.runOnContext(v -> settle(event, result));
          }
        });
  }

  private void settle(Event event, AsyncResult<Void> result) {
    inFlight = false;
    if (event != current) {
      return; // given up at shutdown while in flight
    }
    if (result.succeeded()) {
      outcomes.get(DELIVERED).increment();
      warnedFull.set(false);
      current = null;
    } else if (++failures >= settings.maxAttempts() || closing != null) {
      outcomes.get(closing != null ? DROPPED_SHUTDOWN : DROPPED_FAILED).increment();
      LOG.warn(
          "{} event {} dropped after {} attempts: {}",
          sink,
          event.eventId(),
          failures,
          result.cause().getMessage());
      current = null;
    } else {
      long delay = settings.backoffMs(failures);
      LOG.debug(
          "{} event {} attempt {} failed ({}); next in {} ms",
          sink,
          event.eventId(),
          failures,
          result.cause().getMessage(),
          delay);
      retryTimer =
          vertx.setTimer(
              delay,
              id -> {
                retryTimer = -1;
                pump();
              });
    }
    pump();
  }

  @Override
  public final Future<Void> close(Duration flush) {
    synchronized (queue) {
      sealed = true;
    }
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v -> {
          if (closing != null) {
            closing.future().onComplete(done);
            return;
          }
          closing = done;
          if (retryTimer != -1) { // one last try now rather than after the backoff
            vertx.cancelTimer(retryTimer);
            retryTimer = -1;
          }
          flushTimer = vertx.setTimer(Math.max(1, flush.toMillis()), id -> finishClose());
          pump();
        });
    return done.future();
  }

  private void finishClose() {
    if (flushTimer == -1) {
      return; // already finished
    }
    vertx.cancelTimer(flushTimer);
    flushTimer = -1;
    int left;
    synchronized (queue) {
      left = queue.size();
      queue.clear();
    }
    if (current != null) {
      left++;
      current = null;
    }
    if (left > 0) {
      outcomes.get(DROPPED_SHUTDOWN).increment(left);
      LOG.warn("{} events: {} not delivered at shutdown", sink, left);
    }
    Future<Void> closed;
    try {
      closed = closeTransport();
    } catch (RuntimeException e) {
      closed = Future.failedFuture(e);
    }
    // Bounded too: a peer that does not answer the goodbye does not hold the server's stop.
    long giveUp = vertx.setTimer(settings.timeoutMs(), id -> closing.tryComplete());
    closed.onComplete(
        r -> {
          if (r.failed()) {
            LOG.debug("{} events: closing the connection failed: {}", sink, r.cause().getMessage());
          }
          vertx.cancelTimer(giveUp);
          closing.tryComplete();
        });
  }

  private Event poll() {
    synchronized (queue) {
      return queue.pollFirst();
    }
  }

  /**
   * For the gauge: queued plus the one being delivered (racy by a unit, which a gauge tolerates).
   */
  int queued() {
    synchronized (queue) {
      return queue.size() + (current == null ? 0 : 1);
    }
  }
}
