package io.facegate.vision;

/**
 * WebP: the RIFF container inside the file, every chunk inside its parent, and a VP8 (lossy) or
 * VP8L (lossless) frame whose size matches the VP8X canvas when there is one; an animation's frames
 * (ANMF) must lie on its canvas. Layout as libwebp reads it (the WebP container specification).
 */
final class WebpWalker implements FormatWalker {
  private static final int VP8X_ANIMATION = 0x02;
  private static final int VP8X_ALPHA = 0x10;
  private static final int ANMF_HEADER = 16;

  @Override
  public boolean matches(byte[] bytes) {
    ByteReader r = new ByteReader(bytes, "webp");
    return r.has(0, 12) && r.fourCc(0).equals("RIFF") && r.fourCc(8).equals("WEBP");
  }

  @Override
  public ImageHeader walk(byte[] bytes, ImageLimits limits) {
    ByteReader r = new ByteReader(bytes, "webp");
    long riffEnd = 8 + r.le32(4);
    r.require(8, riffEnd - 8, "RIFF payload");
    Chunk first = Chunk.at(r, 12, riffEnd);
    if (!first.type.equals("VP8X")) {
      Frame frame = frame(r, 12, riffEnd, limits);
      return header(frame.width, frame.height, frame.alpha ? 4 : 0);
    }
    if (first.size < 10) {
      throw r.bad("its VP8X chunk holds " + first.size + " bytes");
    }
    int flags = r.u8(first.payload);
    long width = r.le24(first.payload + 4) + 1L;
    long height = r.le24(first.payload + 7) + 1L;
    limits.check("webp", width, height);
    if ((flags & VP8X_ANIMATION) != 0) {
      walkAnimation(r, first.next(), riffEnd, width, height, limits);
      // OpenCV composes frames on BGRA canvases: the previous and the current one.
      return header(width, height, 8);
    }
    Frame frame = frame(r, first.next(), riffEnd, limits);
    if (frame.width != width || frame.height != height) {
      throw r.bad(
          "its frame is "
              + frame.width
              + "x"
              + frame.height
              + " on a "
              + width
              + "x"
              + height
              + " canvas");
    }
    return header(width, height, frame.alpha || (flags & VP8X_ALPHA) != 0 ? 4 : 0);
  }

  /**
   * With alpha, OpenCV decodes to BGRA and converts: {@code scratchPerPixel} more bytes per pixel.
   */
  private static ImageHeader header(long width, long height, int scratchPerPixel) {
    return new ImageHeader("webp", (int) width, (int) height, width * height * scratchPerPixel);
  }

  private record Chunk(String type, long payload, long size) {
    /** The chunk header at {@code at}, its payload wholly before {@code end}. */
    static Chunk at(ByteReader r, long at, long end) {
      String type = r.fourCc(at);
      long size = r.le32(at + 4);
      if (at + 8 + size > end) {
        throw r.bad(
            "its '"
                + type
                + "' chunk at byte "
                + at
                + " declares "
                + size
                + " bytes past its container");
      }
      return new Chunk(type, at + 8, size);
    }

    /** Chunks are padded to an even size. */
    long next() {
      return payload + size + (size & 1);
    }
  }

  private record Frame(long width, long height, boolean alpha) {}

  /** The first VP8 or VP8L frame among the chunks from {@code at} to {@code end}. */
  private static Frame frame(ByteReader r, long at, long end, ImageLimits limits) {
    for (long next = at; next + 8 <= end; ) {
      Chunk chunk = Chunk.at(r, next, end);
      if (chunk.type.equals("VP8 ") || chunk.type.equals("VP8L")) {
        Frame frame = chunk.type.equals("VP8L") ? lossless(r, chunk) : lossy(r, chunk);
        limits.check("webp", frame.width, frame.height);
        return frame;
      }
      next = chunk.next();
    }
    throw r.bad("it holds no VP8 or VP8L frame");
  }

  /**
   * Every ANMF frame lies on the canvas and holds a frame of the size it declares, and together
   * they could cover it: a huge canvas over a few tiny frames is a bomb of background, not a photo.
   */
  private static void walkAnimation(
      ByteReader r, long at, long end, long width, long height, ImageLimits limits) {
    int frames = 0;
    long covered = 0;
    for (long next = at; next + 8 <= end; ) {
      Chunk chunk = Chunk.at(r, next, end);
      if (chunk.type.equals("ANMF")) {
        if (chunk.size < ANMF_HEADER) {
          throw r.bad("its ANMF chunk holds " + chunk.size + " bytes");
        }
        long x = r.le24(chunk.payload) * 2L;
        long y = r.le24(chunk.payload + 3) * 2L;
        Frame frame = frame(r, chunk.payload + ANMF_HEADER, chunk.payload + chunk.size, limits);
        if (frame.width != r.le24(chunk.payload + 6) + 1L
            || frame.height != r.le24(chunk.payload + 9) + 1L
            || x + frame.width > width
            || y + frame.height > height) {
          throw r.bad(
              "animation frame "
                  + frames
                  + " does not fit its "
                  + width
                  + "x"
                  + height
                  + " canvas");
        }
        frames++;
        covered += frame.width * frame.height;
      }
      next = chunk.next();
    }
    if (covered < width * height) {
      throw r.bad(
          "its "
              + frames
              + " animation frames cover "
              + covered
              + " of its canvas's "
              + width * height
              + " pixels");
    }
  }

  /** A VP8 key frame: 3-byte frame tag, start code 9D 01 2A, then 14-bit width and height. */
  private static Frame lossy(ByteReader r, Chunk chunk) {
    long at = chunk.payload;
    if (chunk.size < 10) {
      throw r.bad("its VP8 frame holds " + chunk.size + " bytes");
    }
    if ((r.u8(at) & 1) != 0
        || r.u8(at + 3) != 0x9D
        || r.u8(at + 4) != 0x01
        || r.u8(at + 5) != 0x2A) {
      throw r.bad("its VP8 frame is not a key frame");
    }
    return new Frame(r.le16(at + 6) & 0x3FFF, r.le16(at + 8) & 0x3FFF, false);
  }

  /**
   * A VP8L header: signature 0x2F, then 14 bits of width - 1, 14 of height - 1, alpha, a 3-bit
   * version 0.
   */
  private static Frame lossless(ByteReader r, Chunk chunk) {
    if (chunk.size < 5 || r.u8(chunk.payload) != 0x2F) {
      throw r.bad("its VP8L frame lacks the lossless signature");
    }
    long bits = r.le32(chunk.payload + 1);
    if ((bits >>> 29) != 0) {
      throw r.unsupported("lossless version " + (bits >>> 29));
    }
    return new Frame((bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1, ((bits >>> 28) & 1) != 0);
  }
}
