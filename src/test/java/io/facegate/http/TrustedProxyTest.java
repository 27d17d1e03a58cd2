package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestClock;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a trusted reverse proxy (here the test itself, on 127.0.0.1) the client named by
 * X-Forwarded-For gets its own rate-limit bucket and is the audit's client address.
 */
@E2eTier
class TrustedProxyTest {
  @TempDir Path dataDir;

  private static int post(ApiClient client, String forwardedFor) {
    return TestServer.await(
            client
                .request(HttpMethod.POST, "/verify")
                .putHeader("X-Forwarded-For", forwardedFor)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("x")))
        .statusCode();
  }

  private static ApiClient client(TestServer server, String subject) {
    return server.clientWithToken(
        new TokenService(server.clientVertx(), TestServer.SECRET, "HS256", "facegate")
            .issue(List.of(Role.ADMIN), subject, Duration.ofHours(1)));
  }

  @Test
  void eachForwardedClientHasItsOwnBucketAndIsAudited() {
    TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
    try (TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("trusted_proxies", new JsonArray().add("127.0.0.1"))
                .with("rate_limit_per_second", 1)
                .with("rate_limit_burst", 2),
            clock)) {
      // A spoofed hop on the left is ignored: the proxy's own entry (right-most) is the client.
      assertEquals(415, post(client(server, "door-a"), "6.6.6.6, 198.51.100.1"));
      assertEquals(415, post(client(server, "door-b"), "7.7.7.7, 198.51.100.1"));
      assertEquals(429, post(client(server, "door-c"), "198.51.100.1"), "198.51.100.1 spent");
      assertEquals(415, post(client(server, "door-d"), "198.51.100.2"), "another client");

      ApiClient admin = server.client(Role.ADMIN);
      JsonArray events = new JsonArray();
      for (int attempt = 0; attempt < 500 && events.size() < 3; attempt++) {
        events = admin.get("/audit").bodyAsJsonObject().getJsonArray("events");
      }
      assertEquals(
          List.of("198.51.100.1", "198.51.100.1", "198.51.100.2"),
          events.stream().map(e -> ((JsonObject) e).getString("client_ip")).sorted().toList(),
          "the rate-limited request is not audited");
    }
  }
}
