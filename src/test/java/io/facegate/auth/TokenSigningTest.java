package io.facegate.auth;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.config.FacegateConfig;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet's tokens: minted with an ES256 private key where they are issued, verified with the
 * public key alone.
 */
@FastTier
class TokenSigningTest {
  private final Vertx vertx = Vertx.vertx();

  @TempDir Path dir;

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void aTokenSignedWithThePrivateKeyPassesADoorHoldingOnlyThePublicKey() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = generator.generateKeyPair();
    Path privatePem = write("central.key", "PRIVATE KEY", keys.getPrivate().getEncoded());
    Path publicPem = write("central.pub", "PUBLIC KEY", keys.getPublic().getEncoded());
    FacegateConfig config =
        FacegateConfig.load(Map.of())
            .with(
                Map.of(
                    "jwt_algorithm",
                    "ES256",
                    "jwt_public_key_file",
                    publicPem.toString(),
                    "data_dir",
                    dir.toString()));

    String token =
        TokenService.signer(vertx, config.security(), privatePem.toString())
            .issue(List.of(Role.REPLICA), "door-3", Duration.ofMinutes(5));
    TokenService door = TokenService.fromConfig(vertx, config.security(), dir);
    User user = await(door.provider().authenticate(new TokenCredentials(token)));
    assertEquals("door-3", user.principal().getString("sub"));
    assertEquals("replica", user.principal().getJsonArray(TokenService.ROLES_CLAIM).getString(0));
    assertThrows(
        IllegalStateException.class,
        () -> door.issue(List.of(Role.ADMIN), "thief", Duration.ofMinutes(5)),
        "a door holding only the public key cannot mint");
  }

  private Path write(String name, String type, byte[] der) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(
        file,
        "-----BEGIN "
            + type
            + "-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der)
            + "\n-----END "
            + type
            + "-----\n");
    return file;
  }
}
