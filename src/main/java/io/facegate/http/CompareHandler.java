package io.facegate.http;

import io.facegate.service.Capture;
import io.facegate.service.FaceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/**
 * POST /compare: fields image1 (or frames, the live capture) and image2, the same person or not.
 */
final class CompareHandler extends UploadHandler {
  CompareHandler(
      Supplier<FaceService> service,
      BodyReader bodies,
      InferenceGate gate,
      LivenessCounter liveness) {
    super(service, bodies, gate, 200, liveness);
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    body.acceptOnly(Set.of("image1", "image2", "frames", "challenge_id", "threshold"));
    Capture first = body.capture(Set.of("image1"));
    byte[] second = body.singleImage(Set.of("image2"));
    return service
        .get()
        .compare(first, second, body.doubleField("threshold"))
        .map(
            c ->
                new JsonObject()
                    .put("score", Json.score(c.score()))
                    .put("match", c.match())
                    .put("threshold", c.threshold())
                    .put("liveness", c.liveness().toJson())
                    .put("face1", Json.probe(new JsonObject(), c.first()))
                    .put("face2", Json.probe(new JsonObject(), c.second())));
  }
}
