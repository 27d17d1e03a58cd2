package io.facegate.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals enrollment crops with AES-256-GCM under the operator's key. The embedding id is the
 * associated data, so a ciphertext moved onto another embedding's row fails authentication instead
 * of re-embedding someone else's face. The key is never logged nor put in a message.
 */
public final class CropVault {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12; // GCM's native nonce size: no extra hashing of the IV
  private static final int TAG_BITS = 128;

  /** The crop store switched off: it keeps nothing, and sealing is refused. */
  public static final CropVault OFF = new CropVault();

  private final SecretKeySpec key; // null only in OFF
  private final SecureRandom random = new SecureRandom();

  private CropVault() {
    this.key = null;
  }

  CropVault(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a crop store key has " + KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** One crop as stored: a fresh random nonce and the ciphertext with its tag. */
  public record Sealed(byte[] nonce, byte[] ciphertext) {}

  /**
   * Reads {@code file}: base64 of exactly 32 bytes. Refuses, naming the file only, when it is
   * missing or wrong.
   */
  public static CropVault fromKeyFile(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "crop_store_key_file "
              + file.toAbsolutePath()
              + " cannot be read ("
              + e.getClass().getSimpleName()
              + "); create it with `head -c 32 /dev/urandom | base64 > FILE`, or "
              + "leave crop_store_key_file empty to keep no crops",
          e);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "crop_store_key_file " + file.toAbsolutePath() + " is not base64");
    }
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "crop_store_key_file "
              + file.toAbsolutePath()
              + " holds "
              + key.length
              + " bytes; an AES-256 key needs "
              + KEY_BYTES
              + " (`head -c 32 /dev/urandom | base64 > FILE`)");
    }
    return new CropVault(key);
  }

  /** Whether enrollments keep their crops: false for {@link #OFF}. */
  public boolean keeps() {
    return key != null;
  }

  public Sealed seal(long embeddingId, byte[] crop) {
    if (!keeps()) {
      throw new IllegalStateException("the crop store is off");
    }
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      return new Sealed(nonce, cipher(Cipher.ENCRYPT_MODE, embeddingId, nonce).doFinal(crop));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable in this JVM", e);
    }
  }

  /**
   * The crop sealed for {@code embeddingId}; a wrong key or a tampered row is refused, never
   * half-read.
   */
  public byte[] open(long embeddingId, Sealed sealed) {
    try {
      return cipher(Cipher.DECRYPT_MODE, embeddingId, sealed.nonce()).doFinal(sealed.ciphertext());
    } catch (AEADBadTagException e) {
      throw new IllegalStateException(
          "the crop of embedding "
              + embeddingId
              + " does not authenticate: "
              + "crop_store_key_file is not the key it was stored with, or the row was altered",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "the crop of embedding " + embeddingId + " cannot be decrypted: " + e.getMessage(), e);
    }
  }

  private Cipher cipher(int mode, long embeddingId, byte[] nonce) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(ByteBuffer.allocate(Long.BYTES).putLong(embeddingId).array());
    return cipher;
  }
}
