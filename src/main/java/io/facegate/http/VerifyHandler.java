package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** POST /verify: mode=auth (is this the claimed person) or mode=id (who is this). */
final class VerifyHandler implements Handler<RoutingContext> {
  private final Supplier<FaceService> service;
  private final BodyReader bodies;

  VerifyHandler(Supplier<FaceService> service, BodyReader bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    bodies.read(ctx.request())
        .compose(this::decide)
        .onSuccess(json -> ctx.response().putHeader("Content-Type", "application/json").end(json.encode()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  private Future<JsonObject> decide(RequestBody body) {
    String mode = body.field("mode");
    List<byte[]> images = body.images(Set.of("image", "images"));
    if (mode == null || !(mode.equals("auth") || mode.equals("id"))) {
      return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST, "mode must be 'auth' or 'id'"));
    }
    if (images.size() != 1) {
      return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST,
          "send exactly one image (got " + images.size() + ")"));
    }
    if (mode.equals("auth")) {
      return service.get().authenticate(body.field("username"), images.get(0)).map(d -> Json.probe(new JsonObject()
          .put("mode", "auth").put("username", d.username()).put("match", d.match())
          .put("score", Json.score(d.score())).put("threshold", d.threshold())
          .put("liveness", d.liveness().toJson()), d.probe()));
    }
    return service.get().identify(images.get(0), body.intField("top_k", 1)).map(d -> Json.probe(new JsonObject()
        .put("mode", "id").put("match", d.match()).put("username", d.username())
        .put("score", Json.score(d.score())).put("threshold", d.threshold())
        .put("margin", d.margin()).put("lead", d.lead() == null ? null : Json.score(d.lead()))
        .put("candidates", Json.candidates(d.candidates())).put("liveness", d.liveness().toJson()), d.probe()));
  }
}
