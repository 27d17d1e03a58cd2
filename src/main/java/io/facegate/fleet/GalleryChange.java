package io.facegate.fleet;

import java.time.Instant;

/**
 * One entry of the central gallery's change log: an embedding inserted or deleted, at position
 * {@code seq}. {@code vector} is null for a delete, and for an insert whose embedding was deleted
 * since (the log forgets a deleted template too); a follower skips such an insert, as its delete
 * follows.
 */
public record GalleryChange(
    long seq,
    Op op,
    long embeddingId,
    String username,
    String displayName,
    String modelId,
    float[] vector,
    Instant at) {

  public enum Op {
    INSERT,
    DELETE;

    /** The name stored in the log and sent on the feed. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Op fromWire(String name) {
      return switch (name) {
        case "insert" -> INSERT;
        case "delete" -> DELETE;
        default -> throw new IllegalArgumentException("unknown gallery change op " + name);
      };
    }
  }
}
