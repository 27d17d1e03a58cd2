package io.facegate.http;

import io.facegate.service.FaceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/**
 * POST /embed: the embedding of the face a photo would be verified on, with the model that made it.
 */
final class EmbedHandler extends UploadHandler {
  EmbedHandler(Supplier<FaceService> service, BodyReader bodies, InferenceGate gate) {
    super(service, bodies, gate, 200);
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    body.acceptOnly(Set.of("image"));
    return service
        .get()
        .embed(body.singleImage(Set.of("image")))
        .map(
            reading -> {
              JsonArray embedding = new JsonArray();
              for (float value : reading.embedding()) {
                embedding.add(value);
              }
              return Json.probe(
                  new JsonObject()
                      .put("embedding", embedding)
                      .put("model_id", service.get().modelId()),
                  reading);
            });
  }
}
