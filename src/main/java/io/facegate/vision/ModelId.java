package io.facegate.vision;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A model's name plus the start of its file's sha256, e.g. {@code mobilefacenet@1a2b3c4d5e6f}. */
public final class ModelId {
  private ModelId() {}

  public static String of(String fileName, byte[] bytes) {
    return of(fileName, sha256(bytes));
  }

  /** The id of the file whose sha256 (hex) is {@code sha256}. */
  public static String of(String fileName, String sha256) {
    String base =
        fileName.endsWith(".onnx") ? fileName.substring(0, fileName.length() - 5) : fileName;
    return base + "@" + sha256.substring(0, 12);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
