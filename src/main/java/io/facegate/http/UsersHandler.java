package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** GET /users, GET /users/{username}, DELETE /users/{username}. */
final class UsersHandler {
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;

  private final Supplier<FaceService> service;

  UsersHandler(Supplier<FaceService> service) {
    this.service = service;
  }

  void list(RoutingContext ctx) {
    int limit;
    try {
      String raw = ctx.request().getParam("limit");
      limit = raw == null ? DEFAULT_PAGE : Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_PAGE) {
      ApiErrors.send(
          ctx,
          new FacegateException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE));
      return;
    }
    service
        .get()
        .people(limit, ctx.request().getParam("cursor"))
        .onSuccess(
            page -> {
              JsonArray users = new JsonArray();
              page.people().forEach(p -> users.add(Json.person(p)));
              ctx.json(new JsonObject().put("users", users).put("next", page.next()));
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void get(RoutingContext ctx) {
    service
        .get()
        .person(ctx.pathParam("username"))
        .onSuccess(p -> ctx.json(Json.person(p)))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void delete(RoutingContext ctx) {
    ctx.put(AuditRecorder.USERNAME, ctx.pathParam("username"));
    service
        .get()
        .delete(ctx.pathParam("username"))
        .onSuccess(
            v -> ctx.put(AuditRecorder.DECISION, "deleted").response().setStatusCode(204).end())
        .onFailure(e -> ApiErrors.send(ctx, e));
  }
}
