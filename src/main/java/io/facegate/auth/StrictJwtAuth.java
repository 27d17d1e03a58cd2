package io.facegate.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * vertx-auth-jwt with two extra rules checked before it sees a token. It picks the verification key
 * by the token's own {@code alg} header, so a deployment's key must never be usable with an
 * algorithm the operator did not choose: the header must name exactly the configured algorithm
 * (this also shuts out {@code none}). And it accepts tokens without {@code exp} forever, so a token
 * must carry one.
 */
final class StrictJwtAuth implements JWTAuth {
  private final JWTAuth delegate;
  private final String algorithm;

  StrictJwtAuth(JWTAuth delegate, String algorithm) {
    this.delegate = delegate;
    this.algorithm = algorithm;
  }

  @Override
  public Future<User> authenticate(Credentials credentials) {
    if (!(credentials instanceof TokenCredentials token) || token.getToken() == null) {
      return Future.failedFuture("a bearer token is required");
    }
    String[] parts = token.getToken().split("\\.", -1);
    if (parts.length != 3) {
      return Future.failedFuture("a token has three dot-separated parts");
    }
    JsonObject header;
    JsonObject payload;
    try {
      header = decode(parts[0]);
      payload = decode(parts[1]);
    } catch (RuntimeException e) {
      return Future.failedFuture("the token's header or payload is not base64url JSON");
    }
    if (!algorithm.equals(header.getValue("alg"))) {
      return Future.failedFuture("the token is not signed with " + algorithm);
    }
    if (!(payload.getValue("exp") instanceof Number)) {
      return Future.failedFuture("the token has no expiry");
    }
    return delegate.authenticate(credentials);
  }

  private static JsonObject decode(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return delegate.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return delegate.generateToken(claims);
  }
}
