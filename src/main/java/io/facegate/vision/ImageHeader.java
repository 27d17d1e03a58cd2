package io.facegate.vision;

import java.util.List;

/**
 * What a photo's structure says, read without decoding pixels: its format, its size, and the
 * scratch memory its decoder needs beyond the decoded image (whole-image buffers some variants
 * require). Hand-written walkers because OpenCV exposes no header-only probe and a bomb must be
 * refused before imdecode allocates anything; the formats are the ones OpenCV decodes for us: JPEG,
 * PNG, BMP, WebP.
 */
public record ImageHeader(String format, int width, int height, long scratchBytes) {
  private static final List<FormatWalker> WALKERS =
      List.of(new JpegWalker(), new PngWalker(), new BmpWalker(), new WebpWalker());

  public long pixels() {
    return (long) width * height;
  }

  /**
   * The header of a well-formed JPEG, PNG, BMP or WebP within {@code limits}; refuses anything
   * else.
   */
  public static ImageHeader read(byte[] bytes, ImageLimits limits) {
    for (FormatWalker walker : WALKERS) {
      if (walker.matches(bytes)) {
        return walker.walk(bytes, limits);
      }
    }
    throw OtherFormats.name(bytes)
        .map(
            format ->
                new ImageRejectedException(
                    ImageRejectedException.Reason.UNSUPPORTED,
                    format + " images are not supported; send JPEG, PNG, BMP or WebP"))
        .orElseGet(() -> ImageRejectedException.badImage("not a JPEG, PNG, BMP or WebP image"));
  }
}
