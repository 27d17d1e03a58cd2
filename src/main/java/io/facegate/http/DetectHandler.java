package io.facegate.http;

import io.facegate.service.FaceService;
import io.facegate.service.QualityBounds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/** POST /detect: every face with box, key points, detector score and quality. */
final class DetectHandler extends UploadHandler {
  DetectHandler(Supplier<FaceService> service, BodyReader bodies, InferenceGate gate) {
    super(service, bodies, gate, 200);
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    return service
        .get()
        .detect(body.singleImage(Set.of("image")))
        .map(
            faces -> {
              JsonArray array = new JsonArray();
              faces.forEach(
                  f ->
                      array.add(
                          Json.face(f.face())
                              .put(
                                  "quality",
                                  QualityBounds.toJson(f.quality())
                                      .put("usable", f.problems().isEmpty())
                                      .put("problems", new JsonArray(f.problems())))));
              return new JsonObject().put("faces", array);
            });
  }
}
