package io.facegate.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * An enrolled person as listed to clients. {@code displayName}, {@code metadata} and {@code
 * validUntil} may be null (none; never expires); {@code groups} is never null.
 */
public record Person(
    String username,
    String displayName,
    int embeddings,
    Instant createdAt,
    JsonObject metadata,
    List<String> groups,
    Instant validUntil) {

  /** What an operator may change about the person. */
  public Profile profile() {
    return new Profile(displayName, metadata, groups, validUntil);
  }
}
