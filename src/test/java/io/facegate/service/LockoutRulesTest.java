package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@FastTier
class LockoutRulesTest {
  final TestClock clock = new TestClock(Instant.EPOCH);
  final Lockout lockout = new Lockout(3, Duration.ofSeconds(300), clock);

  @Test
  void parallelAttemptsCountAgainstTheLimitBeforeTheirVerdicts() {
    assertEquals(0, lockout.begin("alice"));
    assertEquals(0, lockout.begin("alice"));
    assertEquals(0, lockout.begin("alice"));
    assertEquals(1, lockout.begin("alice"), "a fourth guess waits for the three running ones");
    assertEquals(0, lockout.begin("bob"));
    assertFalse(lockout.finish("alice", false));
    assertFalse(lockout.finish("alice", false));
    assertTrue(lockout.finish("alice", false), "the third failure locks, and says so");
    assertEquals(300, lockout.begin("alice"));
    assertEquals(300, lockout.lockedForSeconds("alice"));
  }

  @Test
  void attemptsWithoutAVerdictAndMatchesFreeTheirPlace() {
    for (int i = 0; i < 10; i++) {
      assertEquals(0, lockout.begin("alice"));
      lockout.finish("alice", null);
    }
    lockout.begin("alice");
    lockout.finish("alice", false);
    lockout.begin("alice");
    lockout.finish("alice", false);
    lockout.begin("alice");
    lockout.finish("alice", true);
    assertEquals(0, lockout.lockedForSeconds("alice"));
    clock.advance(Duration.ofHours(1));
    assertEquals(0, lockout.begin("alice"));
  }

  @Test
  void zeroFailuresSwitchesItOff() {
    Lockout off = new Lockout(0, Duration.ofSeconds(1), clock);
    for (int i = 0; i < 10; i++) {
      assertEquals(0, off.begin("alice"));
      off.finish("alice", false);
    }
  }
}
