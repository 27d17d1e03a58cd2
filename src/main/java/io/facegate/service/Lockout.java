package io.facegate.service;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Slows down guessing against one person: after {@code maxFailures} failed 1:1 verifications of a
 * username within {@code window}, that username is locked for {@code window}. A match resets the
 * count. Attempts still running count against the limit, so a burst of parallel guesses cannot slip
 * past it before the first verdicts arrive. Only enrolled usernames reach a verdict, so the map is
 * bounded by the number of people (plus attempts in flight).
 */
public final class Lockout {
  private final int maxFailures;
  private final long windowMillis;
  private final Clock clock;
  private final Map<String, State> states = new HashMap<>();

  /** {@code maxFailures} 0 switches lockout off. */
  public Lockout(int maxFailures, Duration window, Clock clock) {
    if (maxFailures < 0 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "lockout_failures must be >= 0 and lockout_window_seconds >= 1");
    }
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clock = clock;
  }

  /** 0 when {@code username} is not locked, else whole seconds until the lock ends (>= 1). */
  public synchronized long lockedForSeconds(String username) {
    State state = current(username);
    return state == null || state.lockedUntil == 0 ? 0 : secondsUntil(state.lockedUntil);
  }

  /**
   * Starts an attempt: 0 and the attempt is counted as running, or seconds to wait (locked, or so
   * many attempts are running that their failures could reach the limit). Every 0 must be followed
   * by {@link #finish}.
   */
  public synchronized long begin(String username) {
    if (maxFailures == 0) {
      return 0;
    }
    State state = current(username);
    if (state != null && state.lockedUntil != 0) {
      return secondsUntil(state.lockedUntil);
    }
    if (state == null) {
      state = new State();
      states.put(username, state);
    }
    if (state.failures + state.running >= maxFailures) {
      return 1;
    }
    state.running++;
    return 0;
  }

  /**
   * Ends an attempt begun with {@link #begin}; {@code match} null when it ended without a verdict.
   * True when this failure locked the username (once per lock).
   */
  public synchronized boolean finish(String username, Boolean match) {
    if (maxFailures == 0) {
      return false;
    }
    State state = states.get(username);
    if (state == null) {
      return false; // cleared by an admin meanwhile
    }
    boolean lockedNow = false;
    state.running--;
    if (Boolean.TRUE.equals(match)) {
      state.failures = 0;
      state.lockedUntil = 0;
    } else if (Boolean.FALSE.equals(match)) {
      long now = clock.millis();
      if (state.failures == 0) {
        state.firstFailure = now;
      }
      state.failures++;
      if (state.failures >= maxFailures) {
        lockedNow = state.failures == maxFailures;
        state.lockedUntil = now + windowMillis;
      }
    }
    if (state.failures == 0 && state.running == 0) {
      states.remove(username);
    }
    return lockedNow;
  }

  public synchronized void clear(String username) {
    states.remove(username);
  }

  private long secondsUntil(long millis) {
    return Math.max(1, (millis - clock.millis() + 999) / 1000);
  }

  /** The state still in force: failures whose window (or lock) has passed are forgotten. */
  private State current(String username) {
    State state = states.get(username);
    if (state == null) {
      return null;
    }
    long now = clock.millis();
    boolean expired =
        state.lockedUntil != 0
            ? now >= state.lockedUntil
            : now - state.firstFailure >= windowMillis;
    if (state.failures > 0 && expired) {
      state.failures = 0;
      state.lockedUntil = 0;
      if (state.running == 0) {
        states.remove(username);
        return null;
      }
    }
    return state;
  }

  private static final class State {
    long firstFailure;
    int failures;
    int running;
    long lockedUntil;
  }
}
