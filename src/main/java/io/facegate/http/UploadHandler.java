package io.facegate.http;

import io.facegate.service.FaceService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The shape every photo-carrying route shares: read the body within limits, let the subclass
 * answer, send its JSON, or map the failure to the contract's error.
 */
abstract class UploadHandler implements Handler<RoutingContext> {
  protected final Supplier<FaceService> service;
  private final BodyReader bodies;
  private final int successStatus;

  UploadHandler(Supplier<FaceService> service, BodyReader bodies, int successStatus) {
    this.service = service;
    this.bodies = bodies;
    this.successStatus = successStatus;
  }

  @Override
  public final void handle(RoutingContext ctx) {
    bodies.read(ctx.request())
        .compose(body -> answer(ctx, body))
        .onSuccess(json -> ctx.response().setStatusCode(successStatus)
            .putHeader("Content-Type", "application/json").end(json.encode()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  /** The JSON answer for a body that was read within the limits. */
  abstract Future<JsonObject> answer(RoutingContext ctx, RequestBody body);
}
