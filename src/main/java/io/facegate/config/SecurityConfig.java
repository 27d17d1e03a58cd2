package io.facegate.config;

import java.time.Duration;

/**
 * How bearer tokens are verified (an HMAC secret, or another system's public key when {@code
 * jwtPublicKeyFile} is set), the per-caller rate limit and the 1:1 lockout.
 */
public record SecurityConfig(
    String jwtSecret,
    String jwtAlgorithm,
    String jwtIssuer,
    String jwtAudience,
    String jwtPublicKeyFile,
    double rateLimitPerSecond,
    double rateLimitBurst,
    int rateLimitConcurrent,
    int lockoutFailures,
    Duration lockoutWindow) {

  static SecurityConfig from(Values v) {
    return new SecurityConfig(
        v.text("jwt_secret"),
        v.text("jwt_algorithm"),
        v.text("jwt_issuer"),
        v.text("jwt_audience"),
        v.text("jwt_public_key_file").strip(),
        v.decimal("rate_limit_per_second"),
        v.decimal("rate_limit_burst"),
        v.integer("rate_limit_concurrent"),
        v.integer("lockout_failures"),
        Duration.ofSeconds(v.longValue("lockout_window_seconds")));
  }

  /**
   * Photo requests one token subject may have admitted at once; 0 (no cap) when rate limiting is
   * off.
   */
  public int concurrentPerCaller() {
    return rateLimitPerSecond > 0 ? rateLimitConcurrent : 0;
  }
}
