package io.facegate.vision;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Signatures of image formats the decoder does not take, so a refusal can name what was sent (415).
 */
final class OtherFormats {
  private OtherFormats() {}

  static Optional<String> name(byte[] bytes) {
    String head = new String(bytes, 0, Math.min(bytes.length, 16), StandardCharsets.ISO_8859_1);
    if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) {
      return Optional.of("GIF");
    }
    if (head.startsWith("II*\0") || head.startsWith("MM\0*")) {
      return Optional.of("TIFF");
    }
    if (head.length() >= 12 && head.startsWith("ftyp", 4)) {
      String brand = head.substring(8, 12);
      return Optional.of(
          brand.startsWith("avi")
              ? "AVIF"
              : brand.startsWith("hei") || brand.startsWith("mif")
                  ? "HEIF"
                  : "ISO media (" + brand.strip() + ")");
    }
    if (head.startsWith("\0\0\0\fjP  ") || head.startsWith("\u00FF\u004F\u00FF\u0051")) {
      return Optional.of("JPEG 2000");
    }
    if (head.startsWith("\u00FF\n") || head.startsWith("\0\0\0\fJXL ")) {
      return Optional.of("JPEG XL");
    }
    if (head.startsWith("8BPS")) {
      return Optional.of("Photoshop");
    }
    if (head.startsWith("\0\0\1\0")) {
      return Optional.of("ICO");
    }
    return Optional.empty();
  }
}
