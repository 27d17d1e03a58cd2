package io.facegate.http;

import io.facegate.auth.Lockout;
import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.events.EventPublisher;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Usernames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authorization.OrAuthorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.jwt.authorization.JWTAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Every route of the HTTP contract, with the role each one needs. */
public final class ApiRouter {
  private ApiRouter() {
  }

  /**
   * @param service the service once the models are loaded and the index is built; null before,
   *     which makes the API answer 503 NOT_READY and /readyz 503.
   * @param events where each /verify decision is announced ({@link EventPublisher#NONE}: nowhere)
   */
  public static Router create(Vertx vertx, Supplier<FaceService> service, TokenService tokens, BodyReader bodies,
      PrometheusMeterRegistry metrics, Protections protections, EventPublisher events) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::apply);
    if (!protections.corsOrigins().isEmpty()) {
      router.route().handler(cors(protections.corsOrigins()));
    }
    router.route().handler(ApiRouter::requestId);
    router.route().handler(new AuditRecorder(protections.audit(), protections.clock())::handle);

    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> {
      boolean ready = service.get() != null;
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "ready" : "starting"));
    });
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.get("/openapi.json").handler(OpenApiDocs::document);
    router.get("/docs").handler(OpenApiDocs.PAGE);
    // The camera preview and the chosen photo are shown from in-memory blob: URLs.
    router.get("/").handler(new HtmlPage("/index.html", "; img-src blob:; media-src blob: mediastream:"));
    Gauge.builder("facegate.inference.in_flight", protections.admission(), InferenceGate::inFlight)
        .description("photo requests admitted to the inference pool and not yet finished").register(metrics);

    JWTAuthHandler authenticated = JWTAuthHandler.create(tokens.provider());
    Handler<RoutingContext> limited = ctx -> rateLimit(ctx, protections.rateLimiter());
    Handler<RoutingContext> ready = ctx -> {
      if (service.get() == null) {
        ApiErrors.send(ctx, ErrorCode.NOT_READY, "the server is still loading models and the index");
      } else {
        ctx.next();
      }
    };
    RegisterHandler register = new RegisterHandler(service, bodies, protections.admission());
    VerifyHandler verify = new VerifyHandler(service, bodies, protections.admission(), protections.lockout(),
        new DecisionCounter(metrics), events, protections.clock());
    UsersHandler users = new UsersHandler(service);
    AuditHandler audit = new AuditHandler(protections.audit());

    router.post("/register").handler(authenticated).handler(allow(Role.ENROLL)).handler(limited).handler(ready)
        .handler(register);
    router.post("/verify").handler(authenticated).handler(allow(Role.VERIFY)).handler(limited).handler(ready)
        .handler(verify);
    router.post("/compare").handler(authenticated).handler(allow(Role.VERIFY)).handler(limited).handler(ready)
        .handler(new CompareHandler(service, bodies, protections.admission()));
    router.post("/detect").handler(authenticated).handler(allow(Role.VERIFY)).handler(limited).handler(ready)
        .handler(new DetectHandler(service, bodies, protections.admission()));
    router.get("/users").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready).handler(users::list);
    router.get("/users/:username").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready).handler(users::get);
    router.delete("/users/:username").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready)
        .handler(users::delete);
    router.delete("/users/:username/lockout").handler(authenticated).handler(allow(Role.ADMIN)).handler(ready)
        .handler(ctx -> clearLockout(ctx, protections.lockout()));
    router.get("/audit").handler(authenticated).handler(allow(Role.ADMIN)).handler(ready).handler(audit::list);
    router.get("/admin/consistency").handler(authenticated).handler(allow(Role.ADMIN)).handler(ready)
        .handler(ctx -> service.get().consistency().onSuccess(c -> ctx.json(c.toJson())).onFailure(e -> ApiErrors.send(ctx, e)));

    for (int status : new int[] {400, 401, 403, 404, 405, 413, 500}) {
      router.errorHandler(status, ApiErrors::sendForStatus);
    }
    return router;
  }

  /**
   * Spends one request from the caller's token subject and from its IP address, before any byte of
   * the body is read: a flood costs the server a header parse and a signature check, no decoding.
   * The peer address is used as is: behind a reverse proxy every client shares the proxy's bucket.
   */
  private static void rateLimit(RoutingContext ctx, RateLimiter limiter) {
    String subject = String.valueOf(ctx.user().principal().getValue("sub"));
    long wait = Math.max(limiter.acquire("sub:" + subject),
        limiter.acquire("ip:" + ctx.request().remoteAddress().hostAddress()));
    if (wait > 0) {
      ApiErrors.send(ctx, new FacegateException(ErrorCode.RATE_LIMITED, "too many requests; retry in " + wait + " s",
          new JsonObject().put(ApiErrors.RETRY_AFTER, wait)));
    } else {
      ctx.next();
    }
  }

  private static void clearLockout(RoutingContext ctx, Lockout lockout) {
    String username = ctx.pathParam("username");
    try {
      Usernames.require(username);
    } catch (FacegateException e) {
      ApiErrors.send(ctx, e);
      return;
    }
    lockout.clear(username);
    ctx.put(AuditRecorder.USERNAME, username);
    ctx.put(AuditRecorder.DECISION, "lockout_cleared");
    ctx.response().setStatusCode(204).end();
  }

  /** Browsers on the listed origins may call the API with a bearer token; no cookies are involved. */
  private static CorsHandler cors(List<String> origins) {
    return CorsHandler.create().addOrigins(origins)
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Request-Id"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After"));
  }

  /** Admin, or the given role, read from the token's {@code roles} claim (vertx-auth-jwt turns claim entries into permissions). */
  private static AuthorizationHandler allow(Role role) {
    return AuthorizationHandler.create(OrAuthorization.create()
            .addAuthorization(PermissionBasedAuthorization.create(Role.ADMIN.claim()))
            .addAuthorization(PermissionBasedAuthorization.create(role.claim())))
        .addAuthorizationProvider(JWTAuthorization.create(TokenService.ROLES_CLAIM));
  }

  /** Keeps a caller's X-Request-Id (when sane) or makes one, and returns it on every response. */
  private static void requestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String id = given != null && given.matches("[A-Za-z0-9._:-]{1,128}") ? given : UUID.randomUUID().toString();
    ctx.put(RequestMdc.KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    // Hold the upload until authentication and role checks pass; BodyReader resumes it.
    ctx.request().pause();
    ctx.next();
  }

}
