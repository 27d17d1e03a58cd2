package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.store.AuditEvent;
import io.facegate.store.AuditLog;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/** GET /audit?since=ISO-8601&limit=N&cursor=...: audit events, oldest first. */
final class AuditHandler {
  private final Supplier<AuditLog> log;

  AuditHandler(Supplier<AuditLog> log) {
    this.log = log;
  }

  void list(RoutingContext ctx) {
    Instant since;
    int limit;
    try {
      String rawSince = ctx.request().getParam("since");
      since = rawSince == null ? Instant.EPOCH : Instant.parse(rawSince);
      String rawLimit = ctx.request().getParam("limit");
      limit = rawLimit == null ? UsersHandler.DEFAULT_PAGE : Integer.parseInt(rawLimit);
    } catch (DateTimeParseException | NumberFormatException e) {
      ApiErrors.send(
          ctx,
          ErrorCode.BAD_REQUEST,
          "since must be ISO-8601 (2026-01-31T09:00:00Z) and limit a number");
      return;
    }
    if (limit < 1 || limit > UsersHandler.MAX_PAGE) {
      ApiErrors.send(
          ctx, ErrorCode.BAD_REQUEST, "limit must be between 1 and " + UsersHandler.MAX_PAGE);
      return;
    }
    log.get()
        .list(since, limit, ctx.request().getParam("cursor"))
        .onSuccess(
            page -> {
              JsonArray events = new JsonArray();
              page.events().stream().map(AuditEvent::toJson).forEach(events::add);
              ctx.json(new JsonObject().put("events", events).put("next", page.next()));
            })
        .onFailure(
            e ->
                ApiErrors.send(
                    ctx,
                    e instanceof IllegalArgumentException
                        ? new FacegateException(
                            ErrorCode.BAD_REQUEST, "the cursor is not one this server handed out")
                        : e));
  }
}
