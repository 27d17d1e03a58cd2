package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.vertx.core.Future;
import io.facegate.service.Registration;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;
import java.util.function.Supplier;

/** POST /register: enroll a person from one or more photos. */
final class RegisterHandler implements Handler<RoutingContext> {
  /** A name for people, not a place to store megabytes of JSON in the database. */
  static final int MAX_DISPLAY_NAME = 128;

  private final Supplier<FaceService> service;
  private final BodyReader bodies;

  RegisterHandler(Supplier<FaceService> service, BodyReader bodies) {
    this.service = service;
    this.bodies = bodies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    bodies.read(ctx.request())
        .compose(body -> {
          ctx.put(AuditRecorder.USERNAME, body.field("username"));
          String displayName = body.field("display_name");
          if (displayName != null && displayName.length() > MAX_DISPLAY_NAME) {
            return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST,
                "display_name may be at most " + MAX_DISPLAY_NAME + " characters"));
          }
          return service.get().register(body.field("username"), body.field("display_name"),
              body.images(Set.of("images", "image")));
        })
        .onSuccess(r -> ctx.put(AuditRecorder.DECISION, "registered").response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("username", r.username()).put("added", r.added()).put("total", r.total())
                .put("rejected", Registration.toJson(r.rejected())).encode()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }
}
