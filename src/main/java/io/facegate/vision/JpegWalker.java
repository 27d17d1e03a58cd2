package io.facegate.vision;

/**
 * JPEG: marker segments from SOI to the first start-of-scan, each length inside the file, exactly
 * one frame header (SOF) before the scan, and a frame libjpeg can decode.
 */
final class JpegWalker implements FormatWalker {
  private static final int SOS = 0xDA;
  private static final int EOI = 0xD9;

  @Override
  public boolean matches(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
  }

  @Override
  public ImageHeader walk(byte[] bytes, ImageLimits limits) {
    ByteReader r = new ByteReader(bytes, "jpeg");
    long at = 2;
    ImageHeader frame = null;
    while (true) {
      if (r.u8(at) != 0xFF) {
        throw r.bad("byte " + at + " should start a marker");
      }
      int marker = r.u8(at + 1);
      if (marker == 0xFF) { // fill byte before a marker
        at++;
        continue;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM and RSTn carry no length
        at += 2;
        continue;
      }
      if (marker == 0xD8 || marker == EOI || marker == 0x00) {
        throw r.bad(
            "marker 0x"
                + Integer.toHexString(marker)
                + " at byte "
                + at
                + " before any image data");
      }
      int length = r.be16(at + 2);
      if (length < 2) {
        throw r.bad("the segment at byte " + at + " has length " + length);
      }
      r.require(at + 4, length - 2, "segment 0x" + Integer.toHexString(marker));
      if (isFrame(marker)) {
        if (frame != null) {
          throw r.bad("it has a second frame header at byte " + at);
        }
        frame = frame(r, marker, at + 4, length - 2, limits);
      } else if (marker == SOS) {
        if (frame == null) {
          throw r.bad("its image data starts before a frame header");
        }
        return frame;
      }
      at += 2 + length;
    }
  }

  /** SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static ImageHeader frame(
      ByteReader r, int marker, long at, int length, ImageLimits limits) {
    int precision = r.u8(at);
    int height = r.be16(at + 1);
    int width = r.be16(at + 3);
    int components = r.u8(at + 5);
    if (components < 1 || components > 4 || length != 6 + 3 * components) {
      throw r.bad(
          "its frame header declares " + components + " components in " + length + " bytes");
    }
    if ((marker & 0x03) == 0x03 || (marker >= 0xC5 && marker <= 0xC7) || marker >= 0xCD) {
      throw r.unsupported(
          (marker & 0x03) == 0x03 ? "the lossless process" : "the hierarchical process");
    }
    if (precision != 8) {
      throw r.unsupported(precision + "-bit samples");
    }
    if (height == 0) {
      throw r.unsupported("a height given after the image data (DNL)");
    }
    limits.check("jpeg", width, height);
    // Progressive decoding keeps every DCT coefficient of the whole image: 2 bytes per sample.
    boolean progressive = marker == 0xC2 || marker == 0xCA;
    long scratch = progressive ? (long) width * height * components * 2 : 0;
    return new ImageHeader("jpeg", width, height, scratch);
  }
}
