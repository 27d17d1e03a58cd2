package io.facegate.http;

import io.facegate.store.AuditEvent;
import io.facegate.store.AuditLog;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Records register, verify, person and device changes, and every refusal of identity (401, 403, 429
 * LOCKED), once the response is out. RATE_LIMITED and OVERLOADED are not recorded: under a flood
 * each refusal would become a disk write, turning the limiter into an amplifier. Handlers leave the
 * username, decision and score in the context under the keys below; ApiErrors leaves the error code
 * as the decision.
 */
final class AuditRecorder {
  static final String USERNAME = "audit.username";
  static final String DECISION = "audit.decision";
  static final String SCORE = "audit.score";

  /** Only well-formed usernames are recorded: the log must not become a store for attacker text. */
  private static final Pattern USERNAME_SHAPE = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private static final int MAX_ROUTE_CHARS = 200;

  private final Supplier<AuditLog> log;
  private final Clock clock;

  AuditRecorder(Supplier<AuditLog> log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  void handle(RoutingContext ctx) {
    ctx.addEndHandler(
        done -> {
          AuditLog audit = log.get();
          if (audit != null && audited(ctx)) {
            AuditEvent event = event(ctx);
            RequestMdc.run(event.requestId(), () -> audit.record(event));
          }
        });
    ctx.next();
  }

  private static boolean audited(RoutingContext ctx) {
    if ("RATE_LIMITED".equals(ctx.get(DECISION)) || "OVERLOADED".equals(ctx.get(DECISION))) {
      return false;
    }
    int status = ctx.response().getStatusCode();
    if (status == 401 || status == 403 || "LOCKED".equals(ctx.get(DECISION))) {
      return true;
    }
    String path = ctx.request().path();
    HttpMethod method = ctx.request().method();
    return method == HttpMethod.POST && (path.equals("/register") || path.equals("/verify"))
        || (method == HttpMethod.DELETE || method == HttpMethod.PATCH) && path.startsWith("/users/")
        || method != HttpMethod.GET && path.startsWith("/devices");
  }

  private AuditEvent event(RoutingContext ctx) {
    String username = ctx.get(USERNAME);
    String decision = ctx.get(DECISION);
    String subject = ctx.user() == null ? null : ctx.user().principal().getString("sub");
    String path = ctx.request().path();
    return new AuditEvent(
        clock.instant(),
        subject,
        ctx.<String>get(ClientAddress.KEY),
        ctx.request().method().name(),
        path.length() > MAX_ROUTE_CHARS ? path.substring(0, MAX_ROUTE_CHARS) : path,
        ctx.response().getStatusCode(),
        username != null && USERNAME_SHAPE.matcher(username).matches() ? username : null,
        decision != null ? decision : "status_" + ctx.response().getStatusCode(),
        ctx.get(SCORE),
        ctx.get("request_id"));
  }
}
