package io.facegate.vision;

/** Bounds checked before a photo is decoded, so a hostile upload costs almost nothing. */
public record ImageLimits(long maxBytes, long maxPixels) {
  public ImageLimits {
    if (maxBytes <= 0 || maxPixels <= 0) {
      throw new IllegalArgumentException("image limits must be positive");
    }
  }
}
