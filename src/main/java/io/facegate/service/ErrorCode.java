package io.facegate.service;

/** The error codes of the HTTP contract (shared/design/api.md) with the status each one carries. */
public enum ErrorCode {
  BAD_REQUEST(400),
  BAD_IMAGE(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  USER_NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  NO_FACE(422),
  MULTIPLE_FACES(422),
  LOW_QUALITY(422),
  RATE_LIMITED(429),
  LOCKED(429),
  NOT_READY(503),
  OVERLOADED(503),
  INSUFFICIENT_STORAGE(507),
  INTERNAL(500);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
