package io.facegate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.E2eTier;
import io.facegate.testing.Jwts;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged and out-of-policy tokens, crafted by hand, against a server with the shared HS256 secret
 * and one that only holds an RS256 public key and requires an audience. Each must be 401 JSON.
 */
@E2eTier
class TokenVerificationTest {
  static final byte[] SECRET = TestServer.SECRET.getBytes(StandardCharsets.UTF_8);

  @TempDir static Path hmacDir;
  @TempDir static Path rsaDir;
  static TestServer hmacServer;
  static TestServer rsaServer;
  static KeyPair rsa;

  @BeforeAll
  static void start() throws Exception {
    hmacServer = TestServer.start(hmacDir);
    rsa = rsaKeys();
    Path pem = rsaDir.resolve("issuer.pem");
    Files.writeString(pem, Jwts.publicKeyPem(rsa.getPublic()));
    rsaServer =
        TestServer.start(
            TestServer.config(rsaDir)
                .with("jwt_algorithm", "RS256")
                .with("jwt_public_key_file", pem.toString())
                .with("jwt_audience", "doors"));
  }

  @AfterAll
  static void stop() {
    hmacServer.close();
    rsaServer.close();
  }

  private static KeyPair rsaKeys() throws NoSuchAlgorithmException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static HttpResponse<Buffer> users(TestServer server, String token) {
    return server.clientWithToken(token).get("/users");
  }

  private static void assertUnauthorized(TestServer server, String token) {
    HttpResponse<Buffer> response = users(server, token);
    assertEquals(401, response.statusCode(), response.bodyAsString());
    assertEquals("UNAUTHORIZED", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void aHandMadeTokenWithTheRightSecretIsAccepted() {
    assertEquals(
        200, users(hmacServer, Jwts.hmac("HS256", SECRET, Jwts.validClaims())).statusCode());
  }

  @Test
  void unsignedTokensAreRejected() {
    assertUnauthorized(hmacServer, Jwts.unsigned("none", Jwts.validClaims()));
    assertUnauthorized(hmacServer, Jwts.unsigned("None", Jwts.validClaims()));
    assertUnauthorized(hmacServer, Jwts.unsigned("HS256", Jwts.validClaims()));
    assertUnauthorized(rsaServer, Jwts.unsigned("none", Jwts.validClaims().put("aud", "doors")));
  }

  @Test
  void otherAlgorithmsThanTheConfiguredOneAreRejected() {
    assertUnauthorized(hmacServer, Jwts.hmac("HS512", SECRET, Jwts.validClaims()));
    assertUnauthorized(hmacServer, Jwts.hmac("HS384", SECRET, Jwts.validClaims()));
    // The classic confusion: an HMAC token keyed with the (public) RSA key text.
    byte[] publicPem = Jwts.publicKeyPem(rsa.getPublic()).getBytes(StandardCharsets.US_ASCII);
    assertUnauthorized(
        rsaServer, Jwts.hmac("HS256", publicPem, Jwts.validClaims().put("aud", "doors")));
  }

  @Test
  void badSignaturesAndTamperedPayloadsAreRejected() {
    String good =
        Jwts.hmac("HS256", SECRET, Jwts.validClaims().put("roles", new JsonArray().add("verify")));
    String[] parts = good.split("\\.");
    String flipped =
        parts[2].charAt(0) == 'A' ? "B" + parts[2].substring(1) : "A" + parts[2].substring(1);
    assertUnauthorized(hmacServer, parts[0] + "." + parts[1] + "." + flipped);
    String promoted =
        Jwts.b64(Jwts.validClaims().put("roles", new JsonArray().add("admin")).encode());
    assertUnauthorized(hmacServer, parts[0] + "." + promoted + "." + parts[2]);
    assertUnauthorized(
        hmacServer,
        Jwts.hmac(
            "HS256", "another-secret-that-is-also-32-bytes-long".getBytes(), Jwts.validClaims()));
    assertUnauthorized(hmacServer, "not.a.token");
    assertUnauthorized(hmacServer, "%%%." + parts[1] + "." + parts[2]);
  }

  @Test
  void tokensOutsideTheirLifetimeAreRejected() {
    long now = System.currentTimeMillis() / 1000;
    assertUnauthorized(
        hmacServer, Jwts.hmac("HS256", SECRET, Jwts.validClaims().put("exp", now - 60)));
    assertUnauthorized(
        hmacServer, Jwts.hmac("HS256", SECRET, Jwts.validClaims().put("nbf", now + 3600)));
    assertUnauthorized(
        hmacServer, Jwts.hmac("HS256", SECRET, Jwts.validClaims().put("iat", now + 3600)));
    JsonObject forever = Jwts.validClaims();
    forever.remove("exp");
    assertUnauthorized(hmacServer, Jwts.hmac("HS256", SECRET, forever));
  }

  @Test
  void wrongIssuerIsRejected() {
    assertUnauthorized(
        hmacServer, Jwts.hmac("HS256", SECRET, Jwts.validClaims().put("iss", "someone-else")));
    JsonObject noIssuer = Jwts.validClaims();
    noIssuer.remove("iss");
    assertUnauthorized(hmacServer, Jwts.hmac("HS256", SECRET, noIssuer));
  }

  @Test
  void aPublicKeyServerAcceptsItsIssuersTokensForItsAudienceOnly() throws Exception {
    assertEquals(
        200,
        users(rsaServer, Jwts.rs256(rsa.getPrivate(), Jwts.validClaims().put("aud", "doors")))
            .statusCode());
    assertEquals(
        200,
        users(
                rsaServer,
                Jwts.rs256(
                    rsa.getPrivate(),
                    Jwts.validClaims().put("aud", new JsonArray().add("other").add("doors"))))
            .statusCode());
    assertUnauthorized(rsaServer, Jwts.rs256(rsa.getPrivate(), Jwts.validClaims()));
    assertUnauthorized(
        rsaServer, Jwts.rs256(rsa.getPrivate(), Jwts.validClaims().put("aud", "elsewhere")));
    assertUnauthorized(
        rsaServer, Jwts.rs256(rsaKeys().getPrivate(), Jwts.validClaims().put("aud", "doors")));
    assertUnauthorized(
        rsaServer,
        Jwts.rs256(
            rsa.getPrivate(),
            Jwts.validClaims()
                .put("aud", "doors")
                .put("exp", System.currentTimeMillis() / 1000 - 60)));
  }

  @Test
  void aPublicKeyCannotMintTokens() {
    TokenService verifyOnly =
        TokenService.fromConfig(
            rsaServer.clientVertx(),
            rsaServer.config().security(),
            rsaServer.config().storage().dataDir());
    assertFalse(verifyOnly.canMint());
    assertThrows(
        IllegalStateException.class,
        () -> verifyOnly.issue(List.of(Role.ADMIN), "x", Duration.ofMinutes(1)));
  }
}
