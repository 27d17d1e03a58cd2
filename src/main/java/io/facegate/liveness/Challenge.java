package io.facegate.liveness;

import java.time.Instant;
import java.util.List;

/** Actions to perform in this order, answerable once before {@code expiresAt}. */
public record Challenge(String id, List<Action> actions, Instant expiresAt) {
  public Challenge {
    actions = List.copyOf(actions);
  }
}
