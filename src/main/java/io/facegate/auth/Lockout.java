package io.facegate.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down guessing against one person: after {@code maxFailures} failed 1:1 verifications of a
 * username within {@code window}, that username is locked for {@code window}. A match resets the
 * count. Only enrolled usernames reach a verdict, so the map is bounded by the number of people.
 */
public final class Lockout {
  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, State> states = new HashMap<>();

  /** {@code maxFailures} 0 switches lockout off. */
  public Lockout(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("lockout_failures must be >= 0 and lockout_window_seconds >= 1");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** 0 when {@code username} may be tried, else whole seconds until it may (>= 1). */
  public synchronized long lockedForSeconds(String username) {
    State state = current(username);
    if (state == null || state.lockedUntil == 0) {
      return 0;
    }
    return Math.max(1, (state.lockedUntil - clock.millis() + 999) / 1000);
  }

  public synchronized void record(String username, boolean match) {
    if (maxFailures == 0) {
      return;
    }
    if (match) {
      states.remove(username);
      return;
    }
    long now = clock.millis();
    State state = current(username);
    if (state == null) {
      state = new State(now);
      states.put(username, state);
    }
    state.failures++;
    if (state.failures >= maxFailures) {
      state.lockedUntil = now + windowMillis;
    }
  }

  public synchronized void clear(String username) {
    states.remove(username);
  }

  /** The state still in force, dropping one whose window (or lock) has passed. */
  private State current(String username) {
    State state = states.get(username);
    if (state == null) {
      return null;
    }
    long now = clock.millis();
    boolean expired = state.lockedUntil != 0 ? now >= state.lockedUntil : now - state.firstFailure >= windowMillis;
    if (expired) {
      states.remove(username);
      return null;
    }
    return state;
  }

  private static final class State {
    final long firstFailure;
    int failures;
    long lockedUntil;

    State(long firstFailure) {
      this.firstFailure = firstFailure;
    }
  }
}
