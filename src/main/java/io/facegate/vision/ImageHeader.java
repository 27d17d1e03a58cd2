package io.facegate.vision;

import java.util.Optional;

/**
 * Width and height read from an image's header without decoding pixels. Hand-written because
 * OpenCV exposes no header-only probe and a pixel-count bomb must be refused before imdecode
 * allocates anything; the formats are the ones OpenCV decodes for us: JPEG, PNG, BMP, WebP.
 */
public record ImageHeader(String format, int width, int height) {

  public long pixels() {
    return (long) width * height;
  }

  public static Optional<ImageHeader> read(byte[] b) {
    if (b.length >= 24 && u8(b, 0) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return Optional.of(new ImageHeader("png", be32(b, 16), be32(b, 20)));
    }
    if (b.length >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8) {
      return jpeg(b);
    }
    if (b.length >= 26 && b[0] == 'B' && b[1] == 'M') {
      return Optional.of(new ImageHeader("bmp", Math.abs(le32(b, 18)), Math.abs(le32(b, 22))));
    }
    if (b.length >= 30 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F'
        && b[8] == 'W' && b[9] == 'E' && b[10] == 'B' && b[11] == 'P') {
      return webp(b);
    }
    return Optional.empty();
  }

  /** Walks the marker segments up to the first start-of-frame, which carries the dimensions. */
  private static Optional<ImageHeader> jpeg(byte[] b) {
    int i = 2;
    while (i + 9 < b.length) {
      if (u8(b, i) != 0xFF) {
        return Optional.empty();
      }
      int marker = u8(b, i + 1);
      if (marker == 0xFF) {
        i++;
        continue;
      }
      boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF
          && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (startOfFrame) {
        return Optional.of(new ImageHeader("jpeg", be16(b, i + 7), be16(b, i + 5)));
      }
      int length = be16(b, i + 2);
      if (length < 2) {
        return Optional.empty();
      }
      i += 2 + length;
    }
    return Optional.empty();
  }

  private static Optional<ImageHeader> webp(byte[] b) {
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    switch (chunk) {
      case "VP8 ":
        return Optional.of(new ImageHeader("webp", le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF));
      case "VP8L": {
        int bits = le32(b, 21);
        return Optional.of(new ImageHeader("webp", (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1));
      }
      case "VP8X":
        return Optional.of(new ImageHeader("webp", le24(b, 24) + 1, le24(b, 27) + 1));
      default:
        return Optional.empty();
    }
  }

  private static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  private static int be16(byte[] b, int i) {
    return (u8(b, i) << 8) | u8(b, i + 1);
  }

  private static int be32(byte[] b, int i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
  }

  private static int le16(byte[] b, int i) {
    return u8(b, i) | (u8(b, i + 1) << 8);
  }

  private static int le24(byte[] b, int i) {
    return le16(b, i) | (u8(b, i + 2) << 16);
  }

  private static int le32(byte[] b, int i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
  }
}
