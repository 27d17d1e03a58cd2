package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@FastTier
class SeqWatchTest {
  private final Vertx vertx = Vertx.vertx();
  private final SeqWatch watch = new SeqWatch(vertx);

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void aWaitEndsAtTheFirstSeqAboveItsCursor() throws Exception {
    watch.advance(5);
    Future<Long> waiting = watch.awaitAbove(6, 30_000);
    watch.advance(6);
    Thread.sleep(100);
    assertFalse(waiting.isComplete(), "6 is not above the cursor 6");
    watch.advance(8);
    assertEquals(8L, await(waiting));
  }

  @Test
  void aWaitAlreadySatisfiedOrWithoutTimeAnswersAtOnce() {
    watch.advance(5);
    assertEquals(5L, await(watch.awaitAbove(4, 30_000)));
    assertEquals(5L, await(watch.awaitAbove(9, 0)));
  }

  @Test
  void aWaitTimesOutWithTheLatestSeqAndOlderNewsIsIgnored() {
    watch.advance(5);
    watch.advance(3);
    assertEquals(5, watch.latest());
    long start = System.nanoTime();
    assertEquals(5L, await(watch.awaitAbove(5, 200)));
    assertTrue((System.nanoTime() - start) / 1e6 >= 190, "waited its time");
  }
}
