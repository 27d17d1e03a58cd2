package io.facegate.vision;

/**
 * Bounds-checked integer reads from an upload for the format walkers: a read past the end is a
 * truncated image (400), never an index error, whatever offsets a hostile header declares.
 */
final class ByteReader {
  private final byte[] bytes;
  private final String format;

  ByteReader(byte[] bytes, String format) {
    this.bytes = bytes;
    this.format = format;
  }

  int length() {
    return bytes.length;
  }

  /** True when {@code count} bytes from {@code offset} lie inside the upload. */
  boolean has(long offset, long count) {
    return offset >= 0 && count >= 0 && offset + count <= bytes.length;
  }

  /**
   * Refuses the image unless {@code count} bytes from {@code offset} are present; {@code what}
   * names them.
   */
  void require(long offset, long count, String what) {
    if (!has(offset, count)) {
      throw ImageRejectedException.badImage(
          "the "
              + format
              + " image declares "
              + count
              + " bytes of "
              + what
              + " at byte "
              + offset
              + " but has "
              + Math.max(0, bytes.length - offset)
              + " there");
    }
  }

  int u8(long i) {
    if (!has(i, 1)) {
      throw ImageRejectedException.badImage(
          "the " + format + " image ends at byte " + bytes.length + ", inside its headers");
    }
    return bytes[(int) i] & 0xFF;
  }

  int be16(long i) {
    return (u8(i) << 8) | u8(i + 1);
  }

  long be32(long i) {
    return ((long) be16(i) << 16) | be16(i + 2);
  }

  int le16(long i) {
    return u8(i) | (u8(i + 1) << 8);
  }

  int le24(long i) {
    return le16(i) | (u8(i + 2) << 16);
  }

  /** Unsigned. */
  long le32(long i) {
    return le16(i) | ((long) le16(i + 2) << 16);
  }

  /** The four bytes at {@code i} as ASCII, such as a chunk type. */
  String fourCc(long i) {
    require(i, 4, "chunk type");
    return new String(bytes, (int) i, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  boolean startsWith(byte[] prefix) {
    return bytes.length >= prefix.length
        && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
  }

  ImageRejectedException bad(String problem) {
    return ImageRejectedException.badImage("the " + format + " image is malformed: " + problem);
  }

  ImageRejectedException unsupported(String variant) {
    return new ImageRejectedException(
        ImageRejectedException.Reason.UNSUPPORTED,
        "the " + format + " image uses " + variant + ", which is not supported");
  }
}
