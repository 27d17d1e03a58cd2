package io.facegate.liveness;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Issued challenges, in memory: each is consumed at most once and only before it expires. The book
 * holds at most {@code capacity} open challenges; issuing beyond that drops the oldest, so a flood
 * of requests costs bounded memory (the dropped challenge simply cannot be answered).
 */
public final class ChallengeBook {
  private final Clock clock;
  private final Duration lifetime;
  private final int capacity;
  private final int actionsPerChallenge;
  private final SecureRandom random = new SecureRandom();

  /** Insertion order is issue order, so the eldest entry is the first to drop. */
  private final LinkedHashMap<String, Challenge> open = new LinkedHashMap<>();

  public ChallengeBook(Clock clock, Duration lifetime, int capacity, int actionsPerChallenge) {
    if (capacity < 1 || actionsPerChallenge < 1 || lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException(
          "challenge book needs a positive lifetime, capacity and action count");
    }
    this.clock = clock;
    this.lifetime = lifetime;
    this.capacity = capacity;
    this.actionsPerChallenge = actionsPerChallenge;
  }

  /**
   * A new challenge of random actions; consecutive actions differ, because "blink, blink" within a
   * couple of seconds is easily lost between frames.
   */
  public synchronized Challenge issue() {
    dropExpired();
    List<Action> actions = new ArrayList<>(actionsPerChallenge);
    Action[] all = Action.values();
    while (actions.size() < actionsPerChallenge) {
      Action next = all[random.nextInt(all.length)];
      if (actions.isEmpty() || actions.get(actions.size() - 1) != next) {
        actions.add(next);
      }
    }
    byte[] idBytes = new byte[16];
    random.nextBytes(idBytes);
    Challenge challenge =
        new Challenge(
            Base64.getUrlEncoder().withoutPadding().encodeToString(idBytes),
            actions,
            clock.instant().plus(lifetime));
    open.put(challenge.id(), challenge);
    while (open.size() > capacity) {
      Iterator<String> eldest = open.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return challenge;
  }

  /**
   * The challenge, removed so it can never be used again; empty when unknown, already used or
   * expired.
   */
  public synchronized Optional<Challenge> consume(String id) {
    Challenge challenge = open.remove(id);
    return challenge == null || !clock.instant().isBefore(challenge.expiresAt())
        ? Optional.empty()
        : Optional.of(challenge);
  }

  public synchronized int openCount() {
    dropExpired();
    return open.size();
  }

  private void dropExpired() {
    open.values().removeIf(c -> !clock.instant().isBefore(c.expiresAt()));
  }

  public Duration lifetime() {
    return lifetime;
  }
}
