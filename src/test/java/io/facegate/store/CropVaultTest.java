package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@FastTier
class CropVaultTest {
  private static final byte[] CROP =
      "pretend these are PNG bytes of a face".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;

  @Test
  void sealsWithAFreshNonceAndOpensOnlyUnderTheSameKeyAndEmbeddingId() throws Exception {
    CropVault vault = CropVault.fromKeyFile(keyFile("key", 32));
    CropVault.Sealed first = vault.seal(7, CROP);
    CropVault.Sealed second = vault.seal(7, CROP);
    assertFalse(Arrays.equals(first.nonce(), second.nonce()), "a nonce is never reused");
    assertTrue(first.nonce().length == 12, "GCM's 12-byte nonce");
    assertArrayEquals(CROP, vault.open(7, first));

    IllegalStateException moved =
        assertThrows(IllegalStateException.class, () -> vault.open(8, first));
    assertTrue(moved.getMessage().contains("does not authenticate"), moved.getMessage());
    CropVault other = CropVault.fromKeyFile(keyFile("other", 32));
    IllegalStateException wrongKey =
        assertThrows(IllegalStateException.class, () -> other.open(7, first));
    assertTrue(
        wrongKey.getMessage().contains("not the key it was stored with"), wrongKey.getMessage());
  }

  @Test
  void aMissingShortOrGarbledKeyFileIsRefusedWithoutShowingTheKey() throws Exception {
    Path shortKey = keyFile("short", 16);
    String shortText = Files.readString(shortKey).strip();
    IllegalArgumentException tooShort =
        assertThrows(IllegalArgumentException.class, () -> CropVault.fromKeyFile(shortKey));
    assertTrue(tooShort.getMessage().contains("holds 16 bytes"), tooShort.getMessage());
    assertFalse(tooShort.getMessage().contains(shortText), "the key never appears in a message");

    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class, () -> CropVault.fromKeyFile(dir.resolve("absent")));
    assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());

    Path garbled = Files.writeString(dir.resolve("garbled"), "not base64 at all!");
    assertThrows(IllegalArgumentException.class, () -> CropVault.fromKeyFile(garbled));
  }

  private Path keyFile(String name, int bytes) throws Exception {
    byte[] key = new byte[bytes];
    new java.security.SecureRandom().nextBytes(key);
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key) + "\n");
  }
}
