package io.facegate.http;

import io.facegate.store.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What guards the API besides tokens and roles. {@code audit} yields null until the database is
 * open; {@code corsOrigins} empty means no CORS headers at all; {@code admission} bounds the photo
 * requests in the inference pool.
 */
public record RequestGuards(
    RateLimiter rateLimiter,
    Supplier<AuditLog> audit,
    Clock clock,
    List<String> corsOrigins,
    InferenceGate admission) {}
