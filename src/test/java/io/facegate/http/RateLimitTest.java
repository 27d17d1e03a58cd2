package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestClock;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 request/s with a burst of 2, on a clock that only moves when told. Cheap bodies (415) show the
 * request got past the limiter; the limiter runs before the body is looked at.
 */
@E2eTier
class RateLimitTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static final TestClock CLOCK = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.config(dataDir).with("rate_limit_per_second", 1).with("rate_limit_burst", 2),
            CLOCK);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpResponse<Buffer> post(ApiClient client, String path) {
    return TestServer.await(
        client
            .request(HttpMethod.POST, path)
            .putHeader("Content-Type", "text/plain")
            .sendBuffer(Buffer.buffer("x")));
  }

  private static void assertLimited(HttpResponse<Buffer> response) {
    assertEquals(429, response.statusCode(), response.bodyAsString());
    assertEquals("RATE_LIMITED", response.bodyAsJsonObject().getString("error"));
    long retryAfter = Long.parseLong(response.getHeader("Retry-After"));
    assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
  }

  @Test
  void theThirdQuickRequestIsRefusedUntilTheBucketRefills() {
    ApiClient admin = server.client(Role.ADMIN);
    CLOCK.advance(Duration.ofHours(1)); // full buckets, whatever ran before
    assertEquals(415, post(admin, "/verify").statusCode());
    assertEquals(415, post(admin, "/register").statusCode());
    assertLimited(post(admin, "/verify"));
    assertLimited(post(admin, "/register"));
    assertEquals(200, admin.get("/users").statusCode(), "other routes are not limited");
    CLOCK.advance(Duration.ofSeconds(1));
    assertEquals(415, post(admin, "/verify").statusCode());
    assertLimited(post(admin, "/verify"));
  }

  @Test
  void aRefusedRequestSaysWhenToComeBackAndIsRefusedEvenWithAHugeBody() {
    ApiClient verifier = server.client(Role.VERIFY);
    CLOCK.advance(Duration.ofHours(1));
    post(verifier, "/verify");
    post(verifier, "/verify");
    HttpResponse<Buffer> refused =
        TestServer.await(
            verifier
                .request(HttpMethod.POST, "/verify")
                .putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(new byte[2_000_000])));
    assertLimited(refused);
    assertEquals(1, Long.parseLong(refused.getHeader("Retry-After")));
  }

  /**
   * A request refused before its body is read leaves the rest of the body on the connection: the
   * server must drop it and answer the next request on the same connection.
   */
  @Test
  void aConnectionStaysUsableAfterAnUploadRefusedBeforeItsBody() throws IOException {
    CLOCK.advance(Duration.ofHours(1));
    String token = server.token(Role.ADMIN);
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
      byte[] body = new byte[200_000];
      for (int i = 0; i < 3; i++) {
        out.write(
            ascii(
                "POST /verify HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length
                    + "\r\n\r\n"));
        out.write(body);
        out.flush();
        assertEquals(i < 2 ? 400 : 429, statusOf(in), "upload " + (i + 1));
      }
      out.write(ascii("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
      out.flush();
      assertEquals(200, statusOf(in), "the request after the refused upload");
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** Reads one response (status line, headers, a Content-Length body) and returns its status. */
  private static int statusOf(BufferedInputStream in) throws IOException {
    String status = line(in);
    int length = 0;
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(header.substring(15).trim());
      }
    }
    in.readNBytes(length);
    return Integer.parseInt(status.split(" ")[1]);
  }

  private static String line(BufferedInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("connection closed after: " + line);
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  /** A client of its own subject: a rate-limit bucket of its own, the address's shared. */
  private static ApiClient withSubject(String subject) {
    return server.clientWithToken(
        new io.facegate.auth.TokenService(
                server.clientVertx(), TestServer.SECRET, "HS256", "facegate")
            .issue(java.util.List.of(Role.ADMIN), subject, Duration.ofHours(1)));
  }

  @Test
  void aForwardedForHeaderFromAnUntrustedPeerDoesNotBuyANewBucket() {
    CLOCK.advance(Duration.ofHours(1));
    ApiClient first = server.client(Role.ADMIN);
    assertEquals(415, post(first, "/verify").statusCode());
    assertEquals(415, post(first, "/verify").statusCode());
    ApiClient other = withSubject("spoofer");
    assertLimited(
        TestServer.await(
            other
                .request(HttpMethod.POST, "/verify")
                .putHeader("X-Forwarded-For", "198.51.100.77")
                .putHeader("Forwarded", "for=198.51.100.78")
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("x"))));
  }

  @Test
  void theClientAddressHasItsOwnBucketAcrossSubjects() {
    CLOCK.advance(Duration.ofHours(1));
    // Two different subjects from the same address share the address's bucket of 2.
    ApiClient first = server.clientWithToken(server.token(Role.ADMIN));
    assertEquals(415, post(first, "/verify").statusCode());
    assertEquals(415, post(first, "/verify").statusCode());
    ApiClient other = withSubject("another-device");
    assertLimited(post(other, "/verify"));
  }
}
