package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Registration;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/** POST /register: enroll a person from one or more photos. */
final class RegisterHandler extends UploadHandler {
  /** A name for people, not a place to store megabytes of JSON in the database. */
  static final int MAX_DISPLAY_NAME = 128;

  RegisterHandler(Supplier<FaceService> service, BodyReader bodies, InferenceGate gate) {
    super(service, bodies, gate, 201);
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    ctx.put(AuditRecorder.USERNAME, body.field("username"));
    String displayName = body.field("display_name");
    if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
      return Future.failedFuture(
          new FacegateException(
              ErrorCode.BAD_REQUEST,
              "display_name may be at most " + MAX_DISPLAY_NAME + " characters"));
    }
    return service
        .get()
        .register(body.field("username"), displayName, body.images(Set.of("images", "image")))
        .map(
            r -> {
              ctx.put(AuditRecorder.DECISION, "registered");
              return new JsonObject()
                  .put("username", r.username())
                  .put("added", r.added())
                  .put("total", r.total())
                  .put("rejected", Registration.toJson(r.rejected()));
            });
  }
}
