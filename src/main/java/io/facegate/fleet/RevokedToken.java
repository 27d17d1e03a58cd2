package io.facegate.fleet;

import java.time.Instant;

/** A token id refused everywhere: the token of the deleted device {@code deviceId}. */
public record RevokedToken(String tokenId, String deviceId, Instant revokedAt) {}
