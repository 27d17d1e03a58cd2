package io.facegate.fleet;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One entry of the central gallery's change log, at position {@code seq}: an embedding inserted or
 * deleted, a person's profile replaced, a device stored or deleted, a token revoked. {@code vector}
 * is null for a delete, and for an insert whose embedding was deleted since (the log forgets a
 * deleted template too); a follower skips such an insert, as its delete follows. The other ops name
 * {@code username} (profile) or {@code deviceId} and carry the whole new state in {@code payload};
 * a profile's payload is null once the person was deleted, and skipped the same way.
 */
public record GalleryChange(
    long seq,
    Op op,
    long embeddingId,
    String username,
    String displayName,
    String modelId,
    float[] vector,
    Instant at,
    String deviceId,
    JsonObject payload) {

  /** An embedding's insert or delete. */
  public GalleryChange(
      long seq,
      Op op,
      long embeddingId,
      String username,
      String displayName,
      String modelId,
      float[] vector,
      Instant at) {
    this(seq, op, embeddingId, username, displayName, modelId, vector, at, null, null);
  }

  /** True for an embedding's insert or delete, which the in-memory index follows. */
  public boolean embedding() {
    return op == Op.INSERT || op == Op.DELETE;
  }

  public enum Op {
    INSERT,
    DELETE,
    PROFILE,
    DEVICE,
    DEVICE_DELETE,
    REVOKE;

    /** The name stored in the log and sent on the feed. */
    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Op fromWire(String name) {
      return switch (name) {
        case "insert" -> INSERT;
        case "delete" -> DELETE;
        case "profile" -> PROFILE;
        case "device" -> DEVICE;
        case "device_delete" -> DEVICE_DELETE;
        case "revoke" -> REVOKE;
        default -> throw new IllegalArgumentException("unknown gallery change op " + name);
      };
    }
  }
}
