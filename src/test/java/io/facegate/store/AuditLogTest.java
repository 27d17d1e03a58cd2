package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxTestContext;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group-committed appends: a burst from several threads lands whole, each request once, in arrival
 * order.
 */
@FastTier
class AuditLogTest extends OpenDatabase {
  private AuditLog log;

  @BeforeEach
  void openLog() {
    log = new AuditLog(db);
  }

  @Test
  @Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
  void aBurstFromSeveralThreadsIsWrittenWholeAndInOrderPerThread(
      Vertx vertx, VertxTestContext ctx) {
    int threads = 4, perThread = 150; // 600 events: more than MAX_BATCH, fewer than MAX_PENDING
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    List<Thread> senders =
        IntStream.range(0, threads)
            .mapToObj(
                t ->
                    new Thread(
                        () -> {
                          for (int i = 0; i < perThread; i++) {
                            log.record(
                                new AuditEvent(
                                    at,
                                    "device-" + t,
                                    "127.0.0.1",
                                    "POST",
                                    "/verify",
                                    200,
                                    null,
                                    "no_match",
                                    0.1,
                                    t + "-" + i));
                          }
                        }))
            .toList();
    senders.forEach(Thread::start);
    for (Thread sender : senders) {
      try {
        sender.join();
      } catch (InterruptedException e) {
        ctx.failNow(e);
        return;
      }
    }
    // Appends are fire and forget: poll the table until the burst is in.
    vertx.setPeriodic(
        50,
        timer ->
            log.list(at, 1000, null)
                .onComplete(
                    ctx.succeeding(
                        page -> {
                          if (page.events().size() < threads * perThread) {
                            return;
                          }
                          vertx.cancelTimer(timer);
                          ctx.verify(
                              () -> {
                                assertEquals(threads * perThread, page.events().size());
                                for (int t = 0; t < threads; t++) {
                                  String device = "device-" + t;
                                  List<String> ids =
                                      page.events().stream()
                                          .filter(e -> e.subject().equals(device))
                                          .map(AuditEvent::requestId)
                                          .toList();
                                  int thread = t;
                                  assertEquals(
                                      IntStream.range(0, perThread)
                                          .mapToObj(i -> thread + "-" + i)
                                          .toList(),
                                      ids);
                                }
                              });
                          ctx.completeNow();
                        })));
  }
}
