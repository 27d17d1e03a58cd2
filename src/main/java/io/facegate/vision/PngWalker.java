package io.facegate.vision;

import java.util.zip.CRC32;

/**
 * PNG: the signature, then length-type-data-CRC chunks from IHDR on, each wholly inside the file;
 * critical chunks must pass their CRC (libpng refuses them otherwise), and the image data must be
 * able to inflate to the rows IHDR declares.
 */
final class PngWalker implements FormatWalker {
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /**
   * Deflate's best case: a 258-byte match in two one-bit codes. More output per input byte is
   * impossible.
   */
  private static final long MAX_INFLATE_RATIO = 1032;

  @Override
  public boolean matches(byte[] bytes) {
    return new ByteReader(bytes, "png").startsWith(SIGNATURE);
  }

  @Override
  public ImageHeader walk(byte[] bytes, ImageLimits limits) {
    ByteReader r = new ByteReader(bytes, "png");
    long at = SIGNATURE.length;
    long rowBytes = 0;
    int width = 0;
    int height = 0;
    long imageData = 0;
    while (r.has(at, 1)) {
      long length = r.be32(at);
      String type = r.fourCc(at + 4);
      if (length > Integer.MAX_VALUE
          || !type.chars().allMatch(c -> c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        throw r.bad(
            "the chunk at byte "
                + at
                + " has length "
                + length
                + " and type '"
                + printable(type)
                + "'");
      }
      if (at
          == SIGNATURE
              .length) { // the size first: a pixel bomb is too large (413) before it is broken
        if (!type.equals("IHDR") || length != 13) {
          throw r.bad("it does not start with a 13-byte IHDR chunk");
        }
        width = dimension(r, at + 8);
        height = dimension(r, at + 12);
        limits.check("png", width, height);
        rowBytes = (width * bitsPerPixel(r, at + 16) + 7) / 8;
      }
      r.require(at + 8, length + 4, "'" + type + "' chunk data and CRC");
      boolean critical = Character.isUpperCase(type.charAt(0));
      if (critical && crc(bytes, at + 4, length + 4) != r.be32(at + 8 + length)) {
        throw r.bad("its " + type + " chunk fails its CRC");
      }
      if (type.equals("IDAT")) {
        imageData += length;
      } else if (type.equals("IEND")) {
        break;
      }
      at += 12 + length;
    }
    if (rowBytes == 0) {
      throw r.bad("it has no IHDR chunk");
    }
    // Rows without their filter bytes: a lower bound of what the IDAT stream must inflate to.
    if (rowBytes * height > MAX_INFLATE_RATIO * imageData + 1024) {
      throw r.bad(
          imageData + " bytes of image data cannot hold " + width + "x" + height + " pixels");
    }
    return new ImageHeader("png", width, height, 0);
  }

  private static int dimension(ByteReader r, long at) {
    long value = r.be32(at);
    if (value == 0 || value > Integer.MAX_VALUE) {
      throw r.bad("IHDR gives a size of " + value);
    }
    return (int) value;
  }

  /** From IHDR's bit depth and colour type, refusing combinations the specification forbids. */
  private static long bitsPerPixel(ByteReader r, long at) {
    int depth = r.u8(at);
    int colourType = r.u8(at + 1);
    int channels =
        switch (colourType) {
          case 0 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16 ? 1 : 0;
          case 3 -> depth == 1 || depth == 2 || depth == 4 || depth == 8 ? 1 : 0;
          case 2 -> depth == 8 || depth == 16 ? 3 : 0;
          case 4 -> depth == 8 || depth == 16 ? 2 : 0;
          case 6 -> depth == 8 || depth == 16 ? 4 : 0;
          default -> 0;
        };
    if (channels == 0 || r.u8(at + 2) != 0 || r.u8(at + 3) != 0 || r.u8(at + 4) > 1) {
      throw r.bad(
          "IHDR has bit depth "
              + depth
              + ", colour type "
              + colourType
              + " or a method no decoder knows");
    }
    return (long) channels * depth;
  }

  private static long crc(byte[] bytes, long from, long count) {
    CRC32 crc = new CRC32();
    crc.update(bytes, (int) from, (int) count);
    return crc.getValue();
  }

  private static String printable(String type) {
    return type.replaceAll("[^\\x20-\\x7E]", "?");
  }
}
