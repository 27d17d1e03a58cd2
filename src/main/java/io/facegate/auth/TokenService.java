package io.facegate.auth;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.time.Duration;
import java.util.List;

/** Signs and verifies bearer tokens with vertx-auth-jwt; roles travel in the {@code roles} claim. */
public final class TokenService {
  public static final String ROLES_CLAIM = "roles";

  private final JWTAuth provider;
  private final String algorithm;
  private final String issuer;

  public TokenService(Vertx vertx, String secret, String algorithm, String issuer) {
    this.algorithm = algorithm;
    this.issuer = issuer;
    JWTOptions verify = new JWTOptions().setIssuer(issuer).setLeeway(5);
    this.provider = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(secret))
        .setJWTOptions(verify));
  }

  public JWTAuth provider() {
    return provider;
  }

  public String issue(List<Role> roles, String subject, Duration ttl) {
    JsonArray claim = new JsonArray();
    roles.forEach(r -> claim.add(r.claim()));
    return provider.generateToken(new JsonObject().put(ROLES_CLAIM, claim),
        new JWTOptions().setAlgorithm(algorithm).setIssuer(issuer).setSubject(subject)
            .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds())));
  }
}
