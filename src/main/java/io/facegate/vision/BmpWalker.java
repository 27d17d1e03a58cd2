package io.facegate.vision;

/**
 * BMP: the file header, then one of the DIB headers OpenCV reads: OS/2 1.x (12 bytes, 16-bit
 * sizes), BITMAPINFOHEADER (40) and its V2-V5 extensions (52, 56, 108, 124), and OS/2 2.x (64).
 * Uncompressed pixel rows must all be in the file: OpenCV allocates the image before reading them.
 */
final class BmpWalker implements FormatWalker {
  private static final int OS2_V1 = 12;
  private static final int OS2_V2 = 64;
  private static final int RGB = 0;
  private static final int RLE8 = 1;
  private static final int RLE4 = 2;
  private static final int BITFIELDS = 3;

  @Override
  public boolean matches(byte[] bytes) {
    return bytes.length >= 2 && bytes[0] == 'B' && bytes[1] == 'M';
  }

  @Override
  public ImageHeader walk(byte[] bytes, ImageLimits limits) {
    ByteReader r = new ByteReader(bytes, "bmp");
    long pixelsAt = r.le32(10);
    long headerSize = r.le32(14);
    long width;
    long height;
    int bitCount;
    long compression;
    if (headerSize == OS2_V1) {
      width = r.le16(18);
      height = r.le16(20);
      bitCount = r.le16(24);
      compression = RGB;
    } else if (headerSize == 40
        || headerSize == 52
        || headerSize == 56
        || headerSize == OS2_V2
        || headerSize == 108
        || headerSize == 124) {
      r.require(14, headerSize, "DIB header");
      width = (int) r.le32(18); // signed: a negative height means rows run top-down
      height = Math.abs((long) (int) r.le32(22));
      bitCount = r.le16(28);
      compression = r.le32(30);
    } else {
      throw r.unsupported("a " + headerSize + "-byte DIB header");
    }
    limits.check("bmp", width, height);
    if (headerSize == OS2_V2 && (compression == 3 || compression == 4)) {
      throw r.unsupported(compression == 3 ? "OS/2 Huffman compression" : "OS/2 RLE24 compression");
    }
    if (compression == 4 || compression == 5) {
      throw r.unsupported(compression == 4 ? "embedded JPEG" : "embedded PNG");
    }
    boolean valid =
        switch ((int) compression) {
          case RGB ->
              bitCount == 1
                  || bitCount == 4
                  || bitCount == 8
                  || bitCount == 16
                  || bitCount == 24
                  || bitCount == 32;
          case RLE8 -> bitCount == 8;
          case RLE4 -> bitCount == 4;
          case BITFIELDS -> bitCount == 16 || bitCount == 32;
          default -> false;
        };
    if (!valid) {
      throw r.bad(bitCount + " bits per pixel with compression " + compression);
    }
    if (bitCount
        <= 8) { // OpenCV reads the palette right after the header, whatever the pixel offset says
      long entries = headerSize == OS2_V1 ? 1L << bitCount : r.le32(46);
      if (entries > 256) {
        throw r.bad("its palette has " + entries + " colours");
      }
      r.require(
          14 + headerSize,
          (entries == 0 ? 1L << bitCount : entries) * (headerSize == OS2_V1 ? 3 : 4),
          "palette");
    }
    if (pixelsAt < 14 + headerSize || pixelsAt > r.length()) {
      throw r.bad("its pixels start at byte " + pixelsAt + ", outside the file");
    }
    if (compression == RGB || compression == BITFIELDS) {
      long rowBytes = (width * bitCount + 31) / 32 * 4;
      r.require(pixelsAt, rowBytes * height, "pixel rows");
    }
    return new ImageHeader("bmp", (int) width, (int) height, 0);
  }
}
