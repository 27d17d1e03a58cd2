package io.facegate.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to the inference pool: at most {@code bound} photo requests waiting or running at once.
 * The worker pool's own queue is unbounded, so without this a burst above capacity turns into
 * unbounded latency and memory (every queued request holds its photo); with it the excess is turned
 * away cheaply, before its body is read, and admitted requests keep a bounded wait.
 */
public final class InferenceGate {
  private final int bound;
  private final AtomicInteger inFlight = new AtomicInteger();

  public InferenceGate(int bound) {
    if (bound < 1) {
      throw new IllegalArgumentException("max_queue must be at least 1, got " + bound);
    }
    this.bound = bound;
  }

  /** Takes a slot if one is free; a caller that got true must call {@link #leave()} exactly once. */
  public boolean tryEnter() {
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

  public void leave() {
    if (inFlight.decrementAndGet() < 0) {
      throw new IllegalStateException("inference slot released twice");
    }
  }

  /** Requests admitted and not yet finished (exported as a gauge). */
  public int inFlight() {
    return inFlight.get();
  }
}
