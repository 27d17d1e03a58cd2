package io.facegate.http;

import io.facegate.config.Cidr;
import io.facegate.store.AuditLog;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * What guards the API besides tokens and roles. {@code audit} yields null until the database is
 * open; {@code corsOrigins} empty means no CORS headers at all; {@code admission} bounds the photo
 * requests in the inference pool; {@code trustedProxies} may name the client of a request they
 * forward.
 */
public record RequestGuards(
    RateLimiter rateLimiter,
    Supplier<AuditLog> audit,
    Clock clock,
    List<String> corsOrigins,
    InferenceGate admission,
    List<Cidr> trustedProxies) {
  /** Without trusted proxies: every request's client is its TCP peer. */
  public RequestGuards(
      RateLimiter rateLimiter,
      Supplier<AuditLog> audit,
      Clock clock,
      List<String> corsOrigins,
      InferenceGate admission) {
    this(rateLimiter, audit, clock, corsOrigins, admission, List.of());
  }
}
