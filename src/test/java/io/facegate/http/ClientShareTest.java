package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.Burst;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With rate limiting on, one client (token subject) may hold one inference slot of four here: a
 * device firing photos in parallel hears 429 RATE_LIMITED (its own doing), never 503 (the
 * server's). The rate itself is set high so only the concurrency share can refuse.
 */
@E2eTier
class ClientShareTest {
  @TempDir static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.startWithObama(
            TestServer.config(dataDir)
                .with("max_queue", 4)
                .with("rate_limit_per_second", 1000)
                .with("rate_limit_burst", 1000)
                .with("rate_limit_concurrent", 1));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aClientFiringInParallelIsToldToSlowDownNotThatTheServerIsFull() {
    ApiClient device = server.client(Role.VERIFY);
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      burst.add(OverloadTest.identify(device));
    }
    Burst outcome =
        Burst.tally(
            burst,
            429,
            "RATE_LIMITED",
            r -> assertEquals("obama", r.bodyAsJsonObject().getString("username")));
    assertTrue(outcome.answered() >= 1 && outcome.refused() >= 1, outcome.toString());
  }
}
