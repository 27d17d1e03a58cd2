package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.QualityBounds;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** POST /detect: every face with box, key points, detector score and quality. */
final class DetectHandler implements Handler<RoutingContext> {
  private final Supplier<FaceService> service;
  private final BodyReader bodies;

  DetectHandler(Supplier<FaceService> service, BodyReader bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    bodies.read(ctx.request())
        .compose(body -> {
          List<byte[]> images = body.images(Set.of("image"));
          if (images.size() != 1) {
            return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST, "send exactly one image"));
          }
          return service.get().detect(images.get(0));
        })
        .onSuccess(faces -> {
          JsonArray array = new JsonArray();
          faces.forEach(f -> array.add(Json.face(f.face())
              .put("quality", QualityBounds.toJson(f.quality()).put("usable", f.problems().isEmpty())
                  .put("problems", new JsonArray(f.problems())))));
          ctx.json(new JsonObject().put("faces", array));
        })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }
}
