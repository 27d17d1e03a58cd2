package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * The shape every photo-carrying route shares: take an inference slot, read the body within limits,
 * let the subclass answer, send its JSON, or map the failure to the contract's error.
 */
abstract class UploadHandler implements Handler<RoutingContext> {
  protected final Supplier<FaceService> service;
  private final BodyReader bodies;
  private final InferenceGate gate;
  private final int successStatus;
  private final LivenessCounter liveness;

  UploadHandler(
      Supplier<FaceService> service, BodyReader bodies, InferenceGate gate, int successStatus) {
    this(service, bodies, gate, successStatus, LivenessCounter.NONE);
  }

  /** With {@code liveness} counting the checks of each answer's (or refusal's) liveness verdict. */
  UploadHandler(
      Supplier<FaceService> service,
      BodyReader bodies,
      InferenceGate gate,
      int successStatus,
      LivenessCounter liveness) {
    this.service = service;
    this.bodies = bodies;
    this.gate = gate;
    this.successStatus = successStatus;
    this.liveness = liveness;
  }

  @Override
  public final void handle(RoutingContext ctx) {
    // Refused before a byte of the body is read: an overloaded server spends nothing on the photo.
    String client = "sub:" + ctx.user().principal().getValue("sub");
    switch (gate.tryEnter(client)) {
      case CLIENT_BUSY -> {
        ApiErrors.send(
            ctx,
            new FacegateException(
                ErrorCode.RATE_LIMITED,
                "too many photo requests from this client " + "at once; retry in 1 s",
                new JsonObject().put(FacegateException.RETRY_AFTER, 1)));
        return;
      }
      case FULL -> {
        ApiErrors.send(
            ctx,
            new FacegateException(
                ErrorCode.OVERLOADED,
                "the server is busy; retry in 1 s",
                new JsonObject().put(FacegateException.RETRY_AFTER, 1)));
        return;
      }
      case ADMITTED -> {}
    }
    // The slot is held until the work is over, not until the response is: a client that hangs up
    // mid-inference still occupies a worker. Reading fails when the connection closes, so this
    // future always completes; Future.future turns a synchronous throw into a failure too.
    Future.<JsonObject>future(
            p ->
                bodies
                    .read(ctx.request())
                    .compose(body -> RequestMdc.call(ctx, () -> answer(ctx, body)))
                    .onComplete(p))
        .onComplete(done -> gate.leave(client))
        .andThen(
            done ->
                liveness.count(
                    done.succeeded()
                        ? done.result().getJsonObject("liveness")
                        : done.cause() instanceof FacegateException e
                            ? e.details().getJsonObject("liveness")
                            : null))
        .onSuccess(
            json ->
                ctx.response()
                    .setStatusCode(successStatus)
                    .putHeader("Content-Type", "application/json")
                    .end(json.encode()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  /** The JSON answer for a body that was read within the limits. */
  abstract Future<JsonObject> answer(RoutingContext ctx, RequestBody body);
}
