package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security headers, CORS only when configured, and TLS from PEM files. */
@E2eTier
class TransportTest {
  @TempDir Path dataDir;

  @Test
  void everyResponseCarriesTheSecurityHeaders() {
    try (TestServer server = TestServer.start(dataDir)) {
      for (HttpResponse<Buffer> response :
          new HttpResponse[] {
            server.clientWithToken(null).get("/healthz"),
                server.clientWithToken(null).get("/users"),
            server.client(Role.ADMIN).get("/no-such-route"),
                server.client(Role.ADMIN).get("/users"),
            server.clientWithToken(null).get("/metrics")
          }) {
        assertEquals("nosniff", response.getHeader("X-Content-Type-Options"));
        assertEquals("DENY", response.getHeader("X-Frame-Options"));
        assertEquals("no-referrer", response.getHeader("Referrer-Policy"));
        assertEquals("no-store", response.getHeader("Cache-Control"));
        boolean json = response.getHeader("Content-Type").startsWith("application/json");
        assertEquals(
            json ? "default-src 'none'; frame-ancestors 'none'" : null,
            response.getHeader("Content-Security-Policy"));
      }
    }
  }

  private static HttpResponse<Buffer> preflight(TestServer server, String origin) {
    return TestServer.await(
        server
            .clientWithToken(null)
            .request(HttpMethod.OPTIONS, "/verify")
            .putHeader("Origin", origin)
            .putHeader("Access-Control-Request-Method", "POST")
            .putHeader("Access-Control-Request-Headers", "authorization")
            .send());
  }

  @Test
  void corsIsOffUnlessOriginsAreConfigured() {
    try (TestServer server = TestServer.start(dataDir)) {
      assertNull(
          preflight(server, "https://evil.example").getHeader("Access-Control-Allow-Origin"));
      assertNull(
          server
              .clientWithToken(null)
              .request(HttpMethod.GET, "/healthz")
              .putHeader("Origin", "https://evil.example")
              .send()
              .await()
              .getHeader("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void configuredOriginsAndOnlyThoseMayCallFromABrowser() {
    try (TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("cors_origins", "https://door.example, https://admin.example"))) {
      HttpResponse<Buffer> allowed = preflight(server, "https://door.example");
      assertEquals("https://door.example", allowed.getHeader("Access-Control-Allow-Origin"));
      assertNull(
          preflight(server, "https://evil.example").getHeader("Access-Control-Allow-Origin"));
    }
  }

  @Test
  void tlsServesWithAPemCertificateAndRefusesPlainHttp() throws Exception {
    Path cert = dataDir.resolve("cert.pem");
    Path key = dataDir.resolve("key.pem");
    Process openssl;
    try {
      openssl =
          new ProcessBuilder(
                  "openssl",
                  "req",
                  "-x509",
                  "-newkey",
                  "rsa:2048",
                  "-nodes",
                  "-days",
                  "1",
                  "-subj",
                  "/CN=localhost",
                  "-addext",
                  "subjectAltName=DNS:localhost,IP:127.0.0.1",
                  "-keyout",
                  key.toString(),
                  "-out",
                  cert.toString())
              .redirectErrorStream(true)
              .start();
    } catch (java.io.IOException noOpenssl) {
      openssl = null;
    }
    assumeTrue(
        openssl != null && openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0,
        "openssl is needed to make a self-signed certificate for this test");
    try (TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with(Map.of("tls_cert_file", cert.toString(), "tls_key_file", key.toString())))) {
      WebClient https =
          WebClient.create(
              server.clientVertx(),
              new WebClientOptions()
                  .setSsl(true)
                  .setTrustOptions(new PemTrustOptions().addCertPath(cert.toString())));
      HttpResponse<Buffer> health =
          TestServer.await(https.get(server.port(), "localhost", "/healthz").send());
      assertEquals(200, health.statusCode());
      HttpResponse<Buffer> users =
          TestServer.await(
              https
                  .get(server.port(), "localhost", "/users")
                  .bearerTokenAuthentication(server.token(Role.ADMIN))
                  .send());
      assertEquals(200, users.statusCode());
      assertThrows(
          Exception.class,
          () ->
              server
                  .clientWithToken(null)
                  .request(HttpMethod.GET, "/healthz")
                  .send()
                  .await(30, TimeUnit.SECONDS));
    }
  }
}
