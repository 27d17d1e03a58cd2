package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.BmpFiles;
import io.facegate.testing.FastTier;
import io.facegate.testing.HostileFiles;
import io.facegate.vision.ImageRejectedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * Every accepted format variant decodes with its true size; every broken or foreign one is refused,
 * named.
 */
@FastTier
class FormatWalkersTest {
  private final ImageDecoder decoder =
      new ImageDecoder(new ImageLimits(5_000_000, 4_000_000, 64_000_000, Duration.ZERO));

  @Test
  void os2BitmapsDecodeWithTheirSixteenBitSizes() {
    assertSize(BmpFiles.os2(37, 21), 37, 21);
    assertSize(BmpFiles.os2(1, 1), 1, 1);
  }

  @Test
  void everyInfoHeaderVersionDecodes() {
    for (int headerSize : new int[] {40, 52, 56, 64, 108, 124}) {
      assertSize(BmpFiles.info(headerSize, 29, 17), 29, 17);
    }
    assertSize(BmpFiles.info(124, 29, -17), 29, 17); // top-down rows
  }

  @Test
  void bitmapsMissingRowsAreBadAndForeignCompressionsNamed() {
    byte[] bmp = BmpFiles.info(40, 300, 200);
    assertRefused(Arrays.copyOf(bmp, bmp.length - 1), Reason.BAD_IMAGE, "pixel rows");
    assertRefused(BmpFiles.withCompression(bmp, 4), Reason.UNSUPPORTED, "embedded JPEG");
    assertRefused(BmpFiles.withCompression(bmp, 5), Reason.UNSUPPORTED, "embedded PNG");
    assertRefused(
        BmpFiles.withCompression(BmpFiles.info(64, 30, 20), 4), Reason.UNSUPPORTED, "OS/2 RLE24");
  }

  @Test
  void tinyLosslessAndAnimatedWebpsDecode() {
    byte[] tiny = resource("lossless-1x1.webp");
    assertEquals(30, tiny.length);
    assertSize(tiny, 1, 1);
    // Without its padding byte: libwebp reads it, and so do we.
    byte[] unpadded = Arrays.copyOf(tiny, 29);
    ByteBuffer.wrap(unpadded).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(4, 21);
    assertSize(unpadded, 1, 1);
    assertSize(resource("animated-32x24.webp"), 32, 24);
    assertSize(encode(".webp", 64, 48), 64, 48);
  }

  @Test
  void webpChunksMustStayInsideTheRiff() {
    byte[] webp = encode(".webp", 64, 48);
    byte[] longChunk = webp.clone();
    ByteBuffer.wrap(longChunk).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(16, 0x7FFFFFF0);
    assertRefused(longChunk, Reason.BAD_IMAGE, "past its container");
    assertRefused(Arrays.copyOf(webp, webp.length - 1), Reason.BAD_IMAGE, "RIFF payload");
  }

  @Test
  void aPngDeclaringAHugeChunkIsRefusedBeforeAnyAllocation() {
    for (String type : new String[] {"IDAT", "iCCP", "zTXt", "tEXt"}) {
      byte[] png = HostileFiles.pngWithHugeChunk(type);
      assertTrue(png.length < 100);
      assertRefused(
          png, Reason.BAD_IMAGE, "declares 2147483651 bytes of '" + type + "' chunk data and CRC");
    }
    assertEquals(0, decoder.reservedBytes());
  }

  @Test
  void aPngWhoseDataCannotHoldItsRowsIsRefused() {
    assertRefused(
        HostileFiles.pngLyingAboutItsSize(1900, 1900), Reason.BAD_IMAGE, "cannot hold 1900x1900");
  }

  @Test
  void pngCriticalChunksMustPassTheirCrc() {
    byte[] png = encode(".png", 20, 10);
    png[28] ^= 1; // IHDR's interlace method: still valid, so only the CRC tells
    assertRefused(png, Reason.BAD_IMAGE, "IHDR chunk fails its CRC");
  }

  @Test
  void jpegSegmentsMustBeWhole() {
    byte[] jpeg = encode(".jpg", 40, 30);
    assertRefused(Arrays.copyOf(jpeg, 30), Reason.BAD_IMAGE, "bytes of segment");
    assertRefused(Arrays.copyOf(jpeg, 2), Reason.BAD_IMAGE, "the jpeg image");
    byte[] shortLength = jpeg.clone();
    shortLength[4] = 0;
    shortLength[5] = 1; // APP0 length 1
    assertRefused(shortLength, Reason.BAD_IMAGE, "has length 1");
  }

  @Test
  void arithmeticCodedJpegsDecode() {
    assertSize(resource("arithmetic-48x32.jpg"), 48, 32);
    assertSize(resource("arithmetic-progressive-48x32.jpg"), 48, 32);
    assertEquals(
        48 * 32 * 3 * 2,
        ImageHeader.read(
                resource("arithmetic-progressive-48x32.jpg"),
                new ImageLimits(5_000_000, 4_000_000, 1, Duration.ZERO))
            .scratchBytes(),
        "progressive: whole-image coefficients");
  }

  @Test
  void jpegProcessesLibjpegCannotDecodeAreNamed() {
    assertRefused(resource("lossless-sof3.jpg"), Reason.UNSUPPORTED, "lossless process");
    byte[] jpeg = encode(".jpg", 40, 30);
    int sof = indexOfMarker(jpeg, 0xC0);
    byte[] twelveBit = jpeg.clone();
    twelveBit[sof + 4] = 12;
    assertRefused(twelveBit, Reason.UNSUPPORTED, "12-bit samples");
    byte[] hierarchical = jpeg.clone();
    hierarchical[sof + 1] = (byte) 0xC5;
    assertRefused(hierarchical, Reason.UNSUPPORTED, "hierarchical process");
    byte[] noHeight = jpeg.clone();
    noHeight[sof + 5] = 0;
    noHeight[sof + 6] = 0;
    assertRefused(noHeight, Reason.UNSUPPORTED, "DNL");
  }

  @Test
  void otherImageFormatsAreUnsupportedByName() {
    assertRefused(
        "GIF89a\1\0\1\0\0\0\0,\0\0\0\0\1\0\1\0\0\2\0;".getBytes(StandardCharsets.ISO_8859_1),
        Reason.UNSUPPORTED,
        "GIF images are not supported");
    assertRefused(new byte[] {'I', 'I', 42, 0, 8, 0, 0, 0}, Reason.UNSUPPORTED, "TIFF");
    assertRefused(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8}, Reason.UNSUPPORTED, "TIFF");
    assertRefused(
        "\0\0\0\u0018ftypheic\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
        Reason.UNSUPPORTED,
        "HEIF");
    assertRefused(
        "\0\0\0\u0018ftypavif\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
        Reason.UNSUPPORTED,
        "AVIF");
    assertRefused(
        "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8),
        Reason.BAD_IMAGE,
        "not a JPEG, PNG, BMP or WebP");
  }

  private void assertSize(byte[] bytes, int width, int height) {
    try (Mat decoded = decoder.decode(bytes)) {
      assertEquals(width, decoded.cols());
      assertEquals(height, decoded.rows());
    }
  }

  private void assertRefused(byte[] bytes, Reason reason, String messagePart) {
    ImageRejectedException e =
        assertThrows(ImageRejectedException.class, () -> decoder.decode(bytes).close());
    assertEquals(reason, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new AssertionError("no marker 0x" + Integer.toHexString(marker));
  }

  static byte[] encode(String ext, int width, int height, int... params) {
    try (Mat image = new Mat(height, width, CV_8UC3, new Scalar(40, 90, 200, 0));
        BytePointer out = new BytePointer();
        IntPointer options = new IntPointer(params)) {
      imencode(ext, image, out, options);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = FormatWalkersTest.class.getResourceAsStream("/formats/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
