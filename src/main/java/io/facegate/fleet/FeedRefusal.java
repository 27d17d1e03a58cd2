package io.facegate.fleet;

/**
 * The change log cannot continue a follower's cursor; the follower must start again from a
 * snapshot. {@link Reason#GONE}: the log was pruned past the cursor (HTTP 410). {@link
 * Reason#OTHER_LINEAGE}: the cursor belongs to another history of the gallery, such as the one
 * before a restore (HTTP 409).
 */
public final class FeedRefusal extends RuntimeException {
  public enum Reason {
    GONE,
    OTHER_LINEAGE
  }

  private final Reason reason;

  public FeedRefusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
