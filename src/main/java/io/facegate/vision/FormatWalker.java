package io.facegate.vision;

/**
 * One accepted image format: recognises its signature and walks every chunk or segment before any
 * decode, so the native decoder never allocates for a size the file cannot back.
 */
interface FormatWalker {
  boolean matches(byte[] bytes);

  /**
   * The header of a well-formed file; anything a decode would trip on is an {@link
   * ImageRejectedException}.
   */
  ImageHeader walk(byte[] bytes, ImageLimits limits);
}
