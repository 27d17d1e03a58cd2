package io.facegate.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * The operator-editable part of a person: name shown, free-form metadata, groups and end of access.
 */
public record Profile(
    String displayName, JsonObject metadata, List<String> groups, Instant validUntil) {
  public Profile {
    groups = List.copyOf(groups);
  }
}
