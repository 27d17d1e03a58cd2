package io.facegate.service;

/**
 * The error codes of the contract (shared/design/api.md); the HTTP layer maps each to its status.
 */
public enum ErrorCode {
  BAD_REQUEST,
  BAD_IMAGE,
  UNAUTHORIZED,
  FORBIDDEN,
  NOT_FOUND,
  USER_NOT_FOUND,
  METHOD_NOT_ALLOWED,
  TOO_LARGE,
  UNSUPPORTED_MEDIA_TYPE,
  NO_FACE,
  MULTIPLE_FACES,
  LOW_QUALITY,
  RATE_LIMITED,
  LOCKED,
  NOT_READY,
  OVERLOADED,
  INSUFFICIENT_STORAGE,
  INTERNAL
}
