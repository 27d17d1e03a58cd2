package io.facegate.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@FastTier
class JwtSecretTest {
  @Test
  void aGeneratedSecretIsOwnerOnlyAndStable(@TempDir Path dataDir) throws Exception {
    String first = JwtSecret.resolve("", dataDir);
    Path file = dataDir.resolve(JwtSecret.FILE_NAME);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertTrue(first.length() >= JwtSecret.MIN_BYTES);
    assertEquals(first, JwtSecret.resolve("", dataDir), "the token command and the server agree");
  }

  @Test
  void aNewDataDirectoryIsOwnerOnly(@TempDir Path parent) throws Exception {
    Path dataDir = parent.resolve("data");
    JwtSecret.resolve("", dataDir);
    assertEquals(
        "rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
  }

  @Test
  void aConfiguredSecretWins(@TempDir Path dataDir) {
    String secret = "x".repeat(40);
    assertEquals(secret, JwtSecret.resolve(secret, dataDir));
    assertTrue(Files.notExists(dataDir.resolve(JwtSecret.FILE_NAME)));
  }

  @Test
  void shortSecretsAreRefused(@TempDir Path dataDir) {
    assertThrows(IllegalArgumentException.class, () -> JwtSecret.resolve("too-short", dataDir));
  }
}
