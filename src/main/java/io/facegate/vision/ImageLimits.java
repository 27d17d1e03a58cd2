package io.facegate.vision;

import java.time.Duration;

/**
 * Bounds checked before a photo is decoded, so a hostile upload costs almost nothing, and the
 * decode memory shared by all requests: {@code decodeBudgetBytes} of decoded pixels (pixels x
 * channels, plus the decoder's whole-image scratch) in flight at once; a decode that does not fit
 * waits at most {@code decodeWait} for others to finish.
 */
public record ImageLimits(
    long maxBytes, long maxPixels, long decodeBudgetBytes, Duration decodeWait) {
  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0 || decodeBudgetBytes <= 0 || decodeWait.isNegative()) {
      throw new IllegalArgumentException("image limits and the decode budget must be positive");
    }
  }

  /** Refuses dimensions a walker just read: none (400) or more pixels than allowed (413). */
  void check(String format, long width, long height) {
    if (width <= 0 || height <= 0) {
      throw ImageRejectedException.badImage("the " + format + " image header gives no size");
    }
    if (width * height > maxPixels) {
      throw new ImageRejectedException(
          ImageRejectedException.Reason.TOO_LARGE,
          "the image is "
              + width
              + "x"
              + height
              + " pixels; the limit is "
              + maxPixels
              + " pixels");
    }
  }
}
