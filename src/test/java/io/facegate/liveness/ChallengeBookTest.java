package io.facegate.liveness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.facegate.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Challenges are single use, expire, and the book's size is bounded. */
@FastTier
class ChallengeBookTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ChallengeBook book = new ChallengeBook(clock, Duration.ofSeconds(15), 3, 2);

  @Test
  void aChallengeIsConsumedOnce() {
    Challenge challenge = book.issue();
    assertEquals(challenge, book.consume(challenge.id()).orElseThrow());
    assertTrue(book.consume(challenge.id()).isEmpty());
  }

  @Test
  void anExpiredChallengeCannotBeConsumed() {
    Challenge challenge = book.issue();
    clock.advance(Duration.ofSeconds(15));
    assertTrue(book.consume(challenge.id()).isEmpty());
  }

  @Test
  void aChallengeIsConsumableJustBeforeItExpires() {
    Challenge challenge = book.issue();
    clock.advance(Duration.ofSeconds(14));
    assertTrue(book.consume(challenge.id()).isPresent());
  }

  @Test
  void unknownIdsAreRefused() {
    assertTrue(book.consume("not-issued").isEmpty());
  }

  @Test
  void theOldestOpenChallengeDropsWhenTheBookIsFull() {
    Challenge first = book.issue();
    Challenge second = book.issue();
    book.issue();
    book.issue();
    assertEquals(3, book.openCount());
    assertTrue(book.consume(first.id()).isEmpty());
    assertTrue(book.consume(second.id()).isPresent());
  }

  @Test
  void expiredChallengesFreeTheirPlace() {
    book.issue();
    book.issue();
    clock.advance(Duration.ofSeconds(20));
    assertEquals(0, book.openCount());
  }

  @Test
  void actionsAreRandomAndNeverTheSameTwiceInARow() {
    for (int i = 0; i < 200; i++) {
      Challenge challenge = book.issue();
      assertEquals(2, challenge.actions().size());
      assertNotEquals(challenge.actions().get(0), challenge.actions().get(1));
      assertEquals(clock.instant().plusSeconds(15), challenge.expiresAt());
    }
  }
}
