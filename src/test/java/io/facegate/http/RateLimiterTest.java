package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.FastTier;
import io.facegate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@FastTier
class RateLimiterTest {
  @Test
  void bucketsRefillAtTheRateUpToTheBurst() {
    TestClock clock = new TestClock(Instant.EPOCH);
    RateLimiter limiter = new RateLimiter(2, 3, clock);
    assertEquals(0, limiter.acquire("a"));
    assertEquals(0, limiter.acquire("a"));
    assertEquals(0, limiter.acquire("a"));
    assertEquals(1, limiter.acquire("a"));
    assertEquals(0, limiter.acquire("b"), "keys are independent");
    clock.advance(Duration.ofMillis(500));
    assertEquals(0, limiter.acquire("a"));
    assertEquals(1, limiter.acquire("a"));
    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.acquire("a"), "refilled to the burst, not beyond");
    }
    assertEquals(1, limiter.acquire("a"));
  }

  @Test
  void zeroDisablesAndMemoryStaysBounded() {
    TestClock clock = new TestClock(Instant.EPOCH);
    assertEquals(0, new RateLimiter(0, 0, clock).acquire("a"));
    RateLimiter limiter = new RateLimiter(1, 1, clock);
    for (int i = 0; i < RateLimiter.MAX_KEYS + 500; i++) {
      limiter.acquire("ip:" + i);
    }
    assertEquals(RateLimiter.MAX_KEYS, limiter.size());
  }
}
