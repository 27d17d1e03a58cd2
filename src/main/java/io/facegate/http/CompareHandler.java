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

/** POST /compare: fields image1 and image2, the same person or not. */
final class CompareHandler implements Handler<RoutingContext> {
  private final Supplier<FaceService> service;
  private final BodyReader bodies;

  CompareHandler(Supplier<FaceService> service, BodyReader bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    bodies.read(ctx.request())
        .compose(body -> {
          List<byte[]> first = body.images(Set.of("image1"));
          List<byte[]> second = body.images(Set.of("image2"));
          if (first.size() != 1 || second.size() != 1) {
            return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST,
                "send exactly one image1 and one image2"));
          }
          return service.get().compare(first.get(0), second.get(0));
        })
        .onSuccess(c -> ctx.json(new JsonObject().put("score", Json.score(c.score())).put("match", c.match())
            .put("threshold", c.threshold())
            .put("face1", Json.probe(new JsonObject(), c.first()))
            .put("face2", Json.probe(new JsonObject(), c.second()))))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }
}
