package io.facegate.service;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The inference pool carries the caller's request id to the worker, and no further. */
@FastTier
class InferencePoolTest {
  private final Vertx vertx = Vertx.vertx();
  private final InferencePool pool =
      new InferencePool(vertx.createSharedWorkerExecutor("test-pool", 1), Duration.ofSeconds(30));

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void workSeesTheRequestIdOfWhoeverHandedItOver() {
    MDC.put("request_id", "r-1");
    var first = pool.run(() -> MDC.get("request_id"));
    MDC.remove("request_id");
    var second = pool.run(() -> MDC.get("request_id")); // the same worker thread, no request id
    assertEquals("r-1", await(first));
    assertNull(await(second), "the worker kept no id from the work before");
  }
}
