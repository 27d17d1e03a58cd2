package io.facegate.auth;

import io.facegate.config.SecurityConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Signs and verifies bearer tokens with vertx-auth-jwt; roles travel in the {@code roles} claim.
 * Either a shared HMAC secret (this server mints and verifies), or a PEM public key (another system
 * mints with its private key; this server only verifies).
 */
public final class TokenService {
  public static final String ROLES_CLAIM = "roles";

  /** Clock skew tolerated on exp, nbf and iat between the minting system and this one. */
  private static final int LEEWAY_SECONDS = 5;

  private final JWTAuth provider;
  private final String algorithm;
  private final String issuer;
  private final String audience;
  private final boolean canMint;

  /** HMAC: {@code secret} both signs and verifies. */
  public TokenService(
      Vertx vertx, String secret, String algorithm, String issuer, String audience) {
    this(
        vertx,
        new PubSecKeyOptions().setAlgorithm(requireHmac(algorithm)).setBuffer(secret),
        algorithm,
        issuer,
        audience,
        true);
  }

  public TokenService(Vertx vertx, String secret, String algorithm, String issuer) {
    this(vertx, secret, algorithm, issuer, "");
  }

  private TokenService(
      Vertx vertx,
      PubSecKeyOptions key,
      String algorithm,
      String issuer,
      String audience,
      boolean canMint) {
    this.algorithm = algorithm;
    this.issuer = issuer;
    this.audience = audience;
    this.canMint = canMint;
    JWTOptions verify = new JWTOptions().setIssuer(issuer).setLeeway(LEEWAY_SECONDS);
    if (!audience.isEmpty()) {
      verify.addAudience(audience);
    }
    this.provider =
        new StrictJwtAuth(
            JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key).setJWTOptions(verify)),
            algorithm);
  }

  /**
   * The configured verification: {@code jwt_public_key_file} when set, otherwise the HMAC secret.
   */
  public static TokenService fromConfig(Vertx vertx, SecurityConfig config, Path dataDir) {
    String algorithm = config.jwtAlgorithm();
    String issuer = config.jwtIssuer();
    String audience = config.jwtAudience();
    String publicKeyFile = config.jwtPublicKeyFile();
    if (publicKeyFile.isEmpty()) {
      return new TokenService(
          vertx, JwtSecret.resolve(config.jwtSecret(), dataDir), algorithm, issuer, audience);
    }
    if (!algorithm.matches("(RS|PS|ES)(256|384|512)")) {
      throw new IllegalArgumentException(
          "jwt_public_key_file needs jwt_algorithm RS256, ES256 or a sibling; got " + algorithm);
    }
    return new TokenService(
        vertx,
        new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(readPem(publicKeyFile)),
        algorithm,
        issuer,
        audience,
        false);
  }

  private static String requireHmac(String algorithm) {
    if (!algorithm.matches("HS(256|384|512)")) {
      throw new IllegalArgumentException(
          "a shared secret needs jwt_algorithm HS256, HS384 or HS512; got "
              + algorithm
              + " (asymmetric algorithms need jwt_public_key_file)");
    }
    return algorithm;
  }

  private static String readPem(String file) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read jwt_public_key_file " + file, e);
    }
  }

  public JWTAuth provider() {
    return provider;
  }

  /**
   * Whether this server holds a signing key; with only a public key, tokens are minted elsewhere.
   */
  public boolean canMint() {
    return canMint;
  }

  public String issue(List<Role> roles, String subject, Duration ttl) {
    if (!canMint) {
      throw new IllegalStateException(
          "only a public key is configured (jwt_public_key_file): mint tokens with the "
              + "matching private key where they are issued");
    }
    JsonArray claim = new JsonArray();
    roles.forEach(r -> claim.add(r.claim()));
    JWTOptions options =
        new JWTOptions()
            .setAlgorithm(algorithm)
            .setIssuer(issuer)
            .setSubject(subject)
            .setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    if (!audience.isEmpty()) {
      options.addAudience(audience);
    }
    return provider.generateToken(new JsonObject().put(ROLES_CLAIM, claim), options);
  }
}
