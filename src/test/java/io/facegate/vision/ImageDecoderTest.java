package io.facegate.vision;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_PROGRESSIVE;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.FastTier;
import io.facegate.testing.TestPhotos;
import io.facegate.vision.ImageRejectedException.Reason;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

@FastTier
class ImageDecoderTest {
  private final ImageDecoder decoder =
      new ImageDecoder(new ImageLimits(5_000_000, 4_000_000, 64_000_000, Duration.ZERO));

  @Test
  void grayscaleRgbaAnd16BitBecome8BitBgr() {
    for (int type : new int[] {CV_8UC1, CV_8UC4, CV_16UC3}) {
      byte[] png = encode(".png", new Mat(30, 40, type, Scalar.all(200)));
      try (Mat decoded = decoder.decode(png)) {
        assertEquals(CV_8UC3, decoded.type(), "type " + type);
        assertEquals(40, decoded.cols());
        assertEquals(30, decoded.rows());
      }
    }
  }

  @Test
  void progressiveJpegDecodes() {
    byte[] jpeg =
        encode(
            ".jpg",
            new Mat(48, 64, CV_8UC3, new Scalar(10, 120, 230, 0)),
            IMWRITE_JPEG_PROGRESSIVE,
            1);
    try (Mat decoded = decoder.decode(jpeg)) {
      assertEquals(64, decoded.cols());
      assertEquals(48, decoded.rows());
    }
  }

  @Test
  void cmykJpegDecodesToThreeChannels() throws IOException {
    WritableRaster cmyk =
        Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 32, 24, 4, null);
    int[] pixel = {0, 128, 255, 0};
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        cmyk.setPixel(x, y, pixel);
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(cmyk, null, null), null);
    }
    try (Mat decoded = decoder.decode(out.toByteArray())) {
      assertEquals(CV_8UC3, decoded.type());
      assertEquals(32, decoded.cols());
    }
  }

  @Test
  void largeJpegsAreDecodedReducedForFacesKeepingALongSideOf1280() {
    assertEquals(1, ImageDecoder.reduction(1920)); // a door-camera frame: never reduced
    assertEquals(1, ImageDecoder.reduction(2559));
    assertEquals(2, ImageDecoder.reduction(2560));
    assertEquals(4, ImageDecoder.reduction(5184));
    assertEquals(8, ImageDecoder.reduction(10240));
    byte[] jpeg = encode(".jpg", new Mat(120, 2600, CV_8UC3, Scalar.all(90)));
    try (ImageDecoder.Decoded decoded = decoder.decodeForFaces(jpeg)) {
      assertEquals(2, decoded.scale());
      assertEquals(1300, decoded.bgr().cols());
      assertEquals(60, decoded.bgr().rows());
    }
    // PNG has no reduced decoding: OpenCV would decode it whole and then resize, so it is left
    // whole.
    try (ImageDecoder.Decoded decoded =
        decoder.decodeForFaces(encode(".png", new Mat(120, 2600, CV_8UC3, Scalar.all(90))))) {
      assertEquals(1, decoded.scale());
      assertEquals(2600, decoded.bgr().cols());
    }
  }

  @Test
  void exifOrientationIsApplied() {
    byte[] jpeg = encode(".jpg", new Mat(20, 60, CV_8UC3, Scalar.all(90)));
    try (Mat decoded = decoder.decode(withExifOrientation(jpeg, 6))) {
      assertEquals(20, decoded.cols(), "orientation 6 turns a 60x20 photo into 20x60");
      assertEquals(60, decoded.rows());
    }
  }

  @Test
  void sharedFormatsDecode() {
    for (String format : new String[] {"bmp", "jpeg", "png", "webp"}) {
      try (Mat decoded =
          decoder.decode(TestPhotos.bytes("compreface/_cases/formats/einstein." + format))) {
        assertEquals(CV_8UC3, decoded.type(), format);
      }
    }
  }

  @Test
  void pixelBombIsRefusedFromTheHeader() {
    // A PNG signature and an IHDR that claims 30000x30000, followed by nothing.
    ByteBuffer png = ByteBuffer.allocate(33);
    png.put(
        new byte[] {
          (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'
        });
    png.putInt(30000).putInt(30000);
    ImageRejectedException e =
        assertThrows(ImageRejectedException.class, () -> decoder.decode(png.array()));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void tooManyBytesIsRefused() {
    ImageRejectedException e =
        assertThrows(ImageRejectedException.class, () -> decoder.decode(new byte[5_000_001]));
    assertEquals(Reason.TOO_LARGE, e.reason());
  }

  @Test
  void brokenInputsAreBadImages() {
    byte[] jpeg = encode(".jpg", new Mat(40, 40, CV_8UC3, Scalar.all(1)));
    byte[][] broken = {
      new byte[0],
      "hello, I am not an image".getBytes(),
      Arrays.copyOf(jpeg, 20),
      TestPhotos.bytes("compreface/_cases/broken/empty.png"),
      TestPhotos.bytes("compreface/_cases/broken/corrupted.png"),
      TestPhotos.bytes("compreface/_cases/broken/truncated.jpg"),
    };
    for (byte[] bytes : broken) {
      ImageRejectedException e =
          assertThrows(ImageRejectedException.class, () -> decoder.decode(bytes).close());
      assertEquals(Reason.BAD_IMAGE, e.reason());
    }
  }

  private static byte[] encode(String ext, Mat image, int... params) {
    try (BytePointer out = new BytePointer();
        image;
        IntPointer options = new IntPointer(params)) {
      imencode(ext, image, out, options);
      byte[] bytes = new byte[(int) out.limit()];
      out.get(bytes);
      return bytes;
    }
  }

  /** Inserts a minimal big-endian Exif APP1 segment holding only the Orientation tag. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, first IFD at offset 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation, SHORT, 1 value
      0,
      0,
      0,
      0
    }; // no next IFD
    byte[] exifHeader = {'E', 'x', 'i', 'f', 0, 0};
    int length = 2 + exifHeader.length + tiff.length;
    ByteBuffer out = ByteBuffer.allocate(jpeg.length + 2 + length);
    out.put(jpeg, 0, 2); // SOI
    out.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(exifHeader).put(tiff);
    out.put(jpeg, 2, jpeg.length - 2);
    return out.array();
  }
}
