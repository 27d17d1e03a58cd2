package io.facegate.store;

import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;

/**
 * A registered door. {@code allowedGroups} null: everyone enrolled may pass; {@code schedule} null:
 * at any hour (its windows are validated by the service before they are stored). {@code tokenId} is
 * the jti of the verify token it was given.
 */
public record Device(
    String id,
    List<String> allowedGroups,
    JsonArray schedule,
    String timezone,
    String tokenId,
    Instant createdAt) {}
