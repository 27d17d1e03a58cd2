package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server tests rely on this watch; here it must catch a deliberately blocked event loop. */
@FastTier
class BlockedThreadWatchTest {
  @Test
  void aBlockedEventLoopIsReported() {
    try (BlockedThreadWatch watch = new BlockedThreadWatch()) {
      Vertx vertx =
          Vertx.vertx(
              new VertxOptions()
                  .setBlockedThreadCheckInterval(20)
                  .setMaxEventLoopExecuteTime(10)
                  .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
      TestServer.await(
          io.vertx.core.Future.<Void>future(
              done ->
                  vertx.runOnContext(
                      v -> {
                        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
                        while (System.nanoTime() < end) {
                          Thread.onSpinWait(); // deliberately hold the event loop
                        }
                        done.complete();
                      })));
      TestServer.await(vertx.close());
      assertThrows(AssertionError.class, watch::assertNoBlockedEventLoop);
    }
  }
}
