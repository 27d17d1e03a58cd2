package io.facegate.http;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to the inference pool: at most {@code bound} photo requests waiting or running at once.
 * The worker pool's own queue is unbounded, so without this a burst above capacity turns into
 * unbounded latency and memory (every queued request holds its photo); with it the excess is turned
 * away cheaply, before its body is read, and admitted requests keep a bounded wait.
 *
 * <p>With {@code perClient} above 0, one client (token subject) may hold at most that many of the
 * slots: a single device firing in parallel is told to slow down (429) instead of filling the queue
 * and making every other door see 503.
 */
public final class InferenceGate {
  /** What {@link #tryEnter} decided. */
  public enum Admission {
    ADMITTED,
    CLIENT_BUSY,
    FULL
  }

  private final int bound;
  private final int perClient;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, Integer> byClient = new HashMap<>();

  public InferenceGate(int bound, int perClient) {
    if (bound < 1) {
      throw new IllegalArgumentException("max_queue must be at least 1, got " + bound);
    }
    if (perClient < 0) {
      throw new IllegalArgumentException(
          "rate_limit_concurrent must be 0 (off) or more, got " + perClient);
    }
    this.bound = bound;
    this.perClient = perClient;
  }

  /**
   * Takes a slot for {@code client} if allowed; after ADMITTED call {@link #leave} exactly once.
   */
  public Admission tryEnter(String client) {
    if (perClient > 0) {
      synchronized (byClient) {
        int held = byClient.getOrDefault(client, 0);
        if (held >= perClient) {
          return Admission.CLIENT_BUSY;
        }
        if (!enter()) {
          return Admission.FULL;
        }
        byClient.put(client, held + 1);
        return Admission.ADMITTED;
      }
    }
    return enter() ? Admission.ADMITTED : Admission.FULL;
  }

  private boolean enter() {
    while (true) {
      int now = inFlight.get();
      if (now >= bound) {
        return false;
      }
      if (inFlight.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  public void leave(String client) {
    if (perClient > 0) {
      synchronized (byClient) {
        Integer held = byClient.get(client);
        if (held == null) {
          throw new IllegalStateException("inference slot released twice");
        }
        if (held == 1) {
          byClient.remove(client); // bounded by in-flight requests, not by clients ever seen
        } else {
          byClient.put(client, held - 1);
        }
      }
    }
    if (inFlight.decrementAndGet() < 0) {
      throw new IllegalStateException("inference slot released twice");
    }
  }

  /** Requests admitted and not yet finished (exported as a gauge). */
  public int inFlight() {
    return inFlight.get();
  }
}
