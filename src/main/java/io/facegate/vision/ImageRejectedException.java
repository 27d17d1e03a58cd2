package io.facegate.vision;

/** A photo the pipeline refuses before or while decoding it; {@link #reason} maps to an API error. */
public final class ImageRejectedException extends RuntimeException {
  public enum Reason { TOO_LARGE, BAD_IMAGE }

  private final Reason reason;

  public ImageRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
