package io.facegate.http;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Token buckets by key (a token subject, a client IP): each key may spend {@code burst} requests at
 * once and regains {@code perSecond} per second. Synchronized because the HTTP server may run on
 * several event loops; the work inside is a few arithmetic operations.
 */
public final class RateLimiter {
  /** Beyond this many keys the least recently used bucket is dropped: memory stays bounded. */
  static final int MAX_KEYS = 10_000;

  private final double perSecond;
  private final double burst;
  private final Clock clock;
  // Access order: the eldest entry is the key idle the longest, most likely refilled to full,
  // and a full bucket is the same as no bucket, so evicting it usually forgets nothing.
  private final Map<String, Bucket> buckets =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
          return size() > MAX_KEYS;
        }
      };

  /** {@code perSecond} 0 switches limiting off. */
  public RateLimiter(double perSecond, double burst, Clock clock) {
    if (perSecond < 0 || (perSecond > 0 && burst < 1)) {
      throw new IllegalArgumentException(
          "rate_limit_per_second must be >= 0 and rate_limit_burst >= 1");
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.clock = clock;
  }

  /**
   * Takes one request from {@code key}'s bucket: 0 if allowed, else whole seconds until one is
   * available (>= 1).
   */
  public synchronized long acquire(String key) {
    if (perSecond == 0) {
      return 0;
    }
    long now = clock.millis();
    Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    bucket.tokens =
        Math.min(burst, bucket.tokens + (now - bucket.updatedMillis) / 1000.0 * perSecond);
    bucket.updatedMillis = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - bucket.tokens) / perSecond));
  }

  synchronized int size() {
    return buckets.size();
  }

  private static final class Bucket {
    double tokens;
    long updatedMillis;

    Bucket(double tokens, long updatedMillis) {
      this.tokens = tokens;
      this.updatedMillis = updatedMillis;
    }
  }
}
