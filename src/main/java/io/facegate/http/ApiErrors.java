package io.facegate.http;

import io.facegate.fleet.central.CentralUnavailableException;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error leaves as {@code {"error": CODE, "message": ...}} with the contract's status for its
 * code.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  public static void send(RoutingContext ctx, Throwable failure) {
    if (failure instanceof FacegateException e) {
      send(ctx, e.code(), e.getMessage(), e.details());
      return;
    }
    if (failure instanceof CentralUnavailableException e) {
      send(
          ctx,
          ErrorCode.CENTRAL_UNAVAILABLE,
          e.getMessage() + "; nothing of this request was stored, retry later",
          new JsonObject().put(FacegateException.RETRY_AFTER, 1));
      return;
    }
    RequestMdc.run(
        ctx,
        () ->
            LOG.error(
                "request {} {} failed", ctx.request().method(), ctx.request().path(), failure));
    send(ctx, ErrorCode.INTERNAL, "the server could not complete the request", new JsonObject());
  }

  public static void send(RoutingContext ctx, ErrorCode code, String message) {
    send(ctx, code, message, new JsonObject());
  }

  public static void send(RoutingContext ctx, ErrorCode code, String message, JsonObject details) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.put(AuditRecorder.DECISION, code.name());
    JsonObject body = details.copy().put("error", code.name()).put("message", message);
    if (details.getValue(FacegateException.RETRY_AFTER) instanceof Number seconds) {
      ctx.response().putHeader("Retry-After", Long.toString(seconds.longValue()));
    }
    if (code == ErrorCode.TOO_LARGE) {
      // The client may still be sending; closing is cheaper than reading the rest.
      ctx.response().putHeader("Connection", "close");
    }
    ctx.response()
        .setStatusCode(status(code))
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  /** The contract's status of each error code: the one place codes become HTTP. */
  static int status(ErrorCode code) {
    return switch (code) {
      case BAD_REQUEST, BAD_IMAGE -> 400;
      case UNAUTHORIZED, TOKEN_REVOKED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND, USER_NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case DUPLICATE_FACE, LAST_PHOTO, DEVICE_EXISTS, CHALLENGE_INVALID -> 409;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case NO_FACE, MULTIPLE_FACES, LOW_QUALITY, SPOOF_SUSPECTED -> 422;
      case RATE_LIMITED, LOCKED -> 429;
      case INTERNAL -> 500;
      case NOT_READY, OVERLOADED, TIMED_OUT -> 503;
      case INSUFFICIENT_STORAGE -> 507;
      case READ_ONLY_REPLICA, LINEAGE_CHANGED -> 409;
      case GONE -> 410;
      case CENTRAL_UNAVAILABLE -> 503;
    };
  }

  /** Router-level failures (auth handlers, unknown routes) come here with only a status. */
  public static void sendForStatus(RoutingContext ctx) {
    if (ctx.failure() instanceof FacegateException e) {
      send(ctx, e);
      return;
    }
    if (ctx.statusCode() == 400
        && ctx.user() == null
        && ctx.request().headers().contains("Authorization")) {
      // vertx-web answers 400 to an Authorization header it cannot parse; to a client that is a bad
      // token.
      send(ctx, ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
      return;
    }
    switch (ctx.statusCode()) {
      case 401 -> send(ctx, ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
      case 403 -> send(ctx, ErrorCode.FORBIDDEN, "the token's role may not use this endpoint");
      case 404 -> send(ctx, ErrorCode.NOT_FOUND, "no such endpoint: " + ctx.request().path());
      case 405 ->
          send(ctx, ErrorCode.METHOD_NOT_ALLOWED, ctx.request().method() + " is not allowed here");
      case 413 -> send(ctx, ErrorCode.TOO_LARGE, "the request body is too large");
      case 400 -> send(ctx, ErrorCode.BAD_REQUEST, "the request is malformed");
      default ->
          send(
              ctx,
              ctx.failure() != null
                  ? ctx.failure()
                  : new IllegalStateException("status " + ctx.statusCode()));
    }
  }
}
