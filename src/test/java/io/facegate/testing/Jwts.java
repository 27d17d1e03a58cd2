package io.facegate.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens built byte by byte, independent of the library under test, so tests can forge exactly the
 * malformed, unsigned or mis-signed tokens an attacker would send.
 */
public final class Jwts {
  private Jwts() {}

  /** Claims of a token the test server would accept: issuer facegate, admin, valid for an hour. */
  public static JsonObject validClaims() {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("iss", "facegate")
        .put("sub", "forger")
        .put("iat", now)
        .put("exp", now + 3600)
        .put("roles", new JsonArray().add("admin"));
  }

  public static String header(String alg) {
    return b64(new JsonObject().put("alg", alg).put("typ", "JWT").encode());
  }

  public static String unsigned(String alg, JsonObject claims) {
    return header(alg) + "." + b64(claims.encode()) + ".";
  }

  public static String hmac(String alg, byte[] key, JsonObject claims) {
    String input = header(alg) + "." + b64(claims.encode());
    String javaName = "Hmac" + alg.replace("HS", "SHA");
    try {
      Mac mac = Mac.getInstance(javaName);
      mac.init(new SecretKeySpec(key, javaName));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(PrivateKey key, JsonObject claims) {
    String input = header("RS256") + "." + b64(claims.encode());
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String publicKeyPem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  public static String b64(String text) {
    return b64(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
