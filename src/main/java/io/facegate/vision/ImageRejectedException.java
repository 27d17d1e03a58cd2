package io.facegate.vision;

/**
 * A photo the pipeline refuses before or while decoding it; {@link #reason} maps to an API error.
 */
public final class ImageRejectedException extends RuntimeException {
  /**
   * TOO_LARGE: over a size limit; BAD_IMAGE: broken; UNSUPPORTED: a format not decoded; BUSY: no
   * decode memory now.
   */
  public enum Reason {
    TOO_LARGE,
    BAD_IMAGE,
    UNSUPPORTED,
    BUSY
  }

  private final Reason reason;

  public ImageRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  static ImageRejectedException badImage(String message) {
    return new ImageRejectedException(Reason.BAD_IMAGE, message);
  }

  public Reason reason() {
    return reason;
  }
}
