package io.facegate.service;

import io.vertx.core.json.JsonObject;

/** A refusal the client can act on: a code from the contract, a sentence, optional details. */
public final class FacegateException extends RuntimeException {
  /**
   * A detail saying when to retry, in whole seconds (the HTTP layer also sends it as Retry-After).
   */
  public static final String RETRY_AFTER = "retry_after_seconds";

  private final ErrorCode code;
  private final JsonObject details;

  public FacegateException(ErrorCode code, String message) {
    this(code, message, new JsonObject());
  }

  public FacegateException(ErrorCode code, String message, JsonObject details) {
    super(message, null, false, false);
    this.code = code;
    this.details = details;
  }

  public ErrorCode code() {
    return code;
  }

  /** Extra fields merged into the error body, such as which image failed. */
  public JsonObject details() {
    return details;
  }
}
