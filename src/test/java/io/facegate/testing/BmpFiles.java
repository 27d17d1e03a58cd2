package io.facegate.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** BMP variants written byte by byte: OpenCV and ImageIO only write the 40-byte header. */
public final class BmpFiles {
  private BmpFiles() {}

  /**
   * An OS/2 1.x bitmap: 12-byte BITMAPCOREHEADER with 16-bit sizes, 24 bits per pixel, bottom-up.
   */
  public static byte[] os2(int width, int height) {
    int rowBytes = (width * 3 + 3) / 4 * 4;
    ByteBuffer b = fileHeader(14 + 12, rowBytes * height);
    b.putInt(12)
        .putShort((short) width)
        .putShort((short) height)
        .putShort((short) 1)
        .putShort((short) 24);
    return gradient(b, width, height, rowBytes);
  }

  /**
   * A BITMAPINFOHEADER-family bitmap with the given header size (40, 52, 56, 64, 108 or 124), 24
   * bits per pixel, uncompressed; a negative height is stored top-down.
   */
  public static byte[] info(int headerSize, int width, int height) {
    int rows = Math.abs(height);
    int rowBytes = (width * 3 + 3) / 4 * 4;
    ByteBuffer b = fileHeader(14 + headerSize, rowBytes * rows);
    int start = b.position();
    b.putInt(headerSize)
        .putInt(width)
        .putInt(height)
        .putShort((short) 1)
        .putShort((short) 24)
        .putInt(0)
        .putInt(rowBytes * rows)
        .putInt(2835)
        .putInt(2835)
        .putInt(0)
        .putInt(0);
    if (headerSize >= 108) {
      b.position(start + 56);
      b.put(new byte[] {'B', 'G', 'R', 's'}); // LCS_sRGB colour space
    }
    b.position(start + headerSize);
    return gradient(b, width, rows, rowBytes);
  }

  /** {@link #info} with its compression field set, say 4 (embedded JPEG) or 5 (embedded PNG). */
  public static byte[] withCompression(byte[] bmp, int compression) {
    byte[] copy = bmp.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(30, compression);
    return copy;
  }

  private static ByteBuffer fileHeader(int pixelsAt, int pixelBytes) {
    ByteBuffer b = ByteBuffer.allocate(pixelsAt + pixelBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 'B').put((byte) 'M').putInt(pixelsAt + pixelBytes).putInt(0).putInt(pixelsAt);
    return b;
  }

  private static byte[] gradient(ByteBuffer b, int width, int rows, int rowBytes) {
    for (int y = 0; y < rows; y++) {
      int rowStart = b.position();
      for (int x = 0; x < width; x++) {
        b.put((byte) (x * 7)).put((byte) (y * 5)).put((byte) 200);
      }
      b.position(rowStart + rowBytes);
    }
    return b.array();
  }
}
