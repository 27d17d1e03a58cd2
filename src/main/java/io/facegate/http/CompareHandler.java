package io.facegate.http;

import io.facegate.service.FaceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/** POST /compare: fields image1 and image2, the same person or not. */
final class CompareHandler extends UploadHandler {
  CompareHandler(Supplier<FaceService> service, BodyReader bodies, InferenceGate gate) {
    super(service, bodies, gate, 200);
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    byte[] first = body.singleImage(Set.of("image1"));
    byte[] second = body.singleImage(Set.of("image2"));
    return service
        .get()
        .compare(first, second)
        .map(
            c ->
                new JsonObject()
                    .put("score", Json.score(c.score()))
                    .put("match", c.match())
                    .put("threshold", c.threshold())
                    .put("face1", Json.probe(new JsonObject(), c.first()))
                    .put("face2", Json.probe(new JsonObject(), c.second())));
  }
}
