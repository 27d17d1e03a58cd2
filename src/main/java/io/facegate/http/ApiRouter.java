package io.facegate.http;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authorization.OrAuthorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.jwt.authorization.JWTAuthorization;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthorizationHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.UUID;
import java.util.function.Supplier;

/** Every route of the HTTP contract, with the role each one needs. */
public final class ApiRouter {
  private ApiRouter() {
  }

  /**
   * @param service the service once the models are loaded and the index is built; null before,
   *     which makes the API answer 503 NOT_READY and /readyz 503.
   */
  public static Router create(Vertx vertx, Supplier<FaceService> service, TokenService tokens, BodyReader bodies,
      PrometheusMeterRegistry metrics) {
    Router router = Router.router(vertx);
    router.route().handler(ApiRouter::requestId);

    router.get("/healthz").handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    router.get("/readyz").handler(ctx -> {
      boolean ready = service.get() != null;
      ctx.response().setStatusCode(ready ? 200 : 503);
      ctx.json(new JsonObject().put("status", ready ? "ready" : "starting"));
    });
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));

    JWTAuthHandler authenticated = JWTAuthHandler.create(tokens.provider());
    Handler<RoutingContext> ready = ctx -> {
      if (service.get() == null) {
        ApiErrors.send(ctx, ErrorCode.NOT_READY, "the server is still loading models and the index");
      } else {
        ctx.next();
      }
    };
    RegisterHandler register = new RegisterHandler(service, bodies);
    VerifyHandler verify = new VerifyHandler(service, bodies);
    UsersHandler users = new UsersHandler(service);

    router.post("/register").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready).handler(register);
    router.post("/verify").handler(authenticated).handler(allow(Role.VERIFY)).handler(ready).handler(verify);
    router.post("/compare").handler(authenticated).handler(allow(Role.VERIFY)).handler(ready)
        .handler(new CompareHandler(service, bodies));
    router.post("/detect").handler(authenticated).handler(allow(Role.VERIFY)).handler(ready)
        .handler(new DetectHandler(service, bodies));
    router.get("/users").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready).handler(users::list);
    router.get("/users/:username").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready).handler(users::get);
    router.delete("/users/:username").handler(authenticated).handler(allow(Role.ENROLL)).handler(ready)
        .handler(users::delete);

    for (int status : new int[] {400, 401, 403, 404, 405, 413, 500}) {
      router.errorHandler(status, ApiErrors::sendForStatus);
    }
    return router;
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
    ctx.put("request_id", id);
    ctx.response().putHeader("X-Request-Id", id);
    // Hold the upload until authentication and role checks pass; BodyReader resumes it.
    ctx.request().pause();
    ctx.next();
  }

}
