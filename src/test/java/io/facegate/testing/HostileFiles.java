package io.facegate.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/** Malicious and malformed uploads, generated on the fly so no such file is ever committed. */
public final class HostileFiles {
  private HostileFiles() {}

  /** A PNG header claiming 30000x30000 pixels, with no pixel data at all. */
  public static byte[] pixelBombHeader() {
    return png(30000, 30000, new byte[0]);
  }

  /**
   * A real decompression bomb: a valid 1-bit 20000x20000 PNG whose zlib stream of zeros is about 50
   * KB and inflates to 50 MB (1.2 GB once decoded to RGB).
   */
  public static byte[] decompressionBomb() {
    int width = 20000;
    int height = 20000;
    byte[] row = new byte[1 + (width + 7) / 8]; // filter byte 0, then zero bits
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed, new Deflater(9))) {
      for (int y = 0; y < height; y++) {
        zlib.write(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png(width, height, compressed.toByteArray());
  }

  /**
   * Under 100 bytes: a valid 1x1 IHDR, then a chunk of {@code type} declaring 2^31 - 1 bytes of
   * which none follow (libpng allocated and zero-filled the declared size before noticing).
   */
  public static byte[] pngWithHugeChunk(String type) {
    byte[] header = png(1, 1, new byte[0]);
    ByteBuffer huge = ByteBuffer.allocate(header.length + 8 + 16);
    huge.put(header)
        .putInt(Integer.MAX_VALUE)
        .put(type.getBytes(StandardCharsets.US_ASCII))
        .put(new byte[16]);
    return huge.array();
  }

  /**
   * A PNG whose IHDR claims {@code width}x{@code height} 1-bit grey pixels over a short stream of
   * zeros.
   */
  public static byte[] pngLyingAboutItsSize(int width, int height) {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed)) {
      zlib.write(
          new byte[100 * (width + 1)]); // 100 rows at 8 bits, far fewer than the header promises
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png(width, height, compressed.toByteArray());
  }

  private static byte[] png(int width, int height, byte[] idat) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
    ihdr.put((byte) 1)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0); // 1-bit gray, no interlace
    chunk(out, "IHDR", ihdr.array());
    if (idat.length > 0) {
      chunk(out, "IDAT", idat);
      chunk(out, "IEND", new byte[0]);
    }
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** A small, valid, faceless grey JPEG. */
  public static byte[] plainJpeg() {
    BufferedImage image = new BufferedImage(96, 96, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "jpg", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The first 40% of a real photo. */
  public static byte[] truncatedJpeg(byte[] photo) {
    return Arrays.copyOf(photo, photo.length * 2 / 5);
  }

  /** A JPEG with a ZIP archive (holding a script) appended: valid as both. */
  public static byte[] jpegZipPolyglot() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(plainJpeg());
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("run.sh"));
      zip.write("#!/bin/sh\nrm -rf /\n".getBytes(StandardCharsets.US_ASCII));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] htmlPosingAsJpeg() {
    return "<!DOCTYPE html><html><body><script>fetch('/users').then(r=>r.text()).then(alert)</script></body></html>"
        .getBytes(StandardCharsets.UTF_8);
  }
}
