package io.facegate.http;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.PATCH;
import static io.vertx.core.http.HttpMethod.POST;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FleetConfig;
import io.facegate.events.EventPublisher;
import io.facegate.liveness.Action;
import io.facegate.liveness.Challenge;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authorization.OrAuthorization;
import io.vertx.ext.auth.authorization.PermissionBasedAuthorization;
import io.vertx.ext.auth.jwt.authorization.JWTAuthorization;
import io.vertx.ext.web.Route;
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
import java.util.stream.Stream;

/** Every route of the HTTP contract, with the role each one needs. */
public final class ApiRouter {
  private ApiRouter() {}

  /**
   * @param service the service once the models are loaded and the index is built; null before,
   *     which makes the API answer 503 NOT_READY and /readyz 503.
   * @param events where each /verify decision and each people change is announced ({@link
   *     EventPublisher#NONE}: nowhere)
   */
  public static Router create(
      Vertx vertx,
      Supplier<FaceService> service,
      TokenService tokens,
      BodyReader bodies,
      PrometheusMeterRegistry metrics,
      RequestGuards guards,
      EventPublisher events) {
    return create(
        vertx,
        service,
        tokens,
        bodies,
        metrics,
        guards,
        events,
        new FleetRoutes(FleetConfig.Role.STANDALONE));
  }

  /**
   * @param fleet the replication feed, the read-only refusal and {@code min_seq} of a fleet role
   */
  public static Router create(
      Vertx vertx,
      Supplier<FaceService> service,
      TokenService tokens,
      BodyReader bodies,
      PrometheusMeterRegistry metrics,
      RequestGuards guards,
      EventPublisher events,
      FleetRoutes fleet) {
    Router router = Router.router(vertx);
    router.route().handler(SecurityHeaders::apply);
    if (!guards.corsOrigins().isEmpty()) {
      router.route().handler(cors(guards.corsOrigins()));
    }
    router.route().handler(ApiRouter::requestId);
    ClientAddress clients = new ClientAddress(guards.trustedProxies());
    router
        .route()
        .handler(
            ctx -> {
              ctx.put(ClientAddress.KEY, clients.of(ctx.request()));
              ctx.next();
            });
    router.route().handler(new AuditRecorder(guards.audit(), guards.clock())::handle);
    Gauge.builder("facegate.inference.in_flight", guards.admission(), InferenceGate::inFlight)
        .description("photo requests admitted to the inference pool and not yet finished")
        .register(metrics);

    // Open to anyone: probes, metrics, the API description and the web page.
    for (String health : List.of("/healthz", "/health")) {
      router.get(health).handler(ctx -> ctx.json(new JsonObject().put("status", "ok")));
    }
    router.get("/readyz").handler(ctx -> readiness(ctx, service.get() != null));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics));
    router.get("/openapi.json").handler(OpenApiDocs::document);
    router.get("/docs").handler(OpenApiDocs.PAGE);
    // The camera preview and the chosen photo are shown from in-memory blob: URLs.
    router
        .get("/")
        .handler(new HtmlPage("/index.html", "; img-src blob:; media-src blob: mediastream:"));

    // Every route below: bearer token, then the row's role, then the server must be ready.
    Guarded api =
        new Guarded(
            router,
            JWTAuthHandler.create(tokens.provider()),
            ctx -> ready(ctx, service.get()),
            List.of(ctx -> DevicesHandler.refuseRevoked(ctx, service.get())));
    // Photo requests are also rate limited per caller, before a byte of the body is read.
    Guarded photos = api.before(ctx -> rateLimit(ctx, guards.rateLimiter()));
    InferenceGate gate = guards.admission();
    LivenessCounter liveness = new LivenessCounter(metrics);
    PeopleAnnouncer announcer = new PeopleAnnouncer(events, guards.clock());
    VerifyHandler verify =
        new VerifyHandler(
            service,
            bodies,
            gate,
            new DecisionCounter(metrics),
            events,
            guards.clock(),
            liveness,
            announcer);
    UsersHandler users = new UsersHandler(() -> service.get().directory(), bodies, announcer);
    DevicesHandler devices = new DevicesHandler(service, bodies, tokens);
    // A follower refuses writes before reading them; reads may wait for a write made elsewhere
    // (min_seq).
    Guarded photoWrites = photos.before(fleet::writable);
    Guarded photoReads = photos.before(fleet::minSeq);
    Guarded writes = api.before(fleet::writable);
    Guarded reads = api.before(fleet::minSeq);
    //         method  path                         role         handler
    photoWrites.add(
        POST,
        "/register",
        Role.ENROLL,
        new RegisterHandler(service, bodies, gate, liveness, announcer));
    photoReads.add(POST, "/verify", Role.VERIFY, verify);
    photos.add(POST, "/compare", Role.VERIFY, new CompareHandler(service, bodies, gate, liveness));
    // Rate limited like the photo requests it precedes: each challenge holds memory until used.
    photos.add(POST, "/liveness/challenge", Role.VERIFY, ctx -> challenge(ctx, service.get()));
    photos.add(POST, "/detect", Role.VERIFY, new DetectHandler(service, bodies, gate));
    photos.add(POST, "/embed", Role.ENROLL, new EmbedHandler(service, bodies, gate));
    reads.add(GET, "/users", Role.ENROLL, users::list);
    reads.add(GET, "/users/:username", Role.ENROLL, users::get);
    writes.add(PATCH, "/users/:username", Role.ENROLL, users::patch);
    writes.add(DELETE, "/users/:username", Role.ENROLL, users::delete);
    writes.add(DELETE, "/users/:username/embeddings/:id", Role.ENROLL, users::deletePhoto);
    api.add(
        DELETE, "/users/:username/lockout", Role.ADMIN, ctx -> clearLockout(ctx, service.get()));
    writes.add(POST, "/devices", Role.ADMIN, devices::create);
    api.add(GET, "/devices", Role.ADMIN, devices::list);
    api.add(GET, "/devices/:id", Role.ADMIN, devices::get);
    writes.add(PATCH, "/devices/:id", Role.ADMIN, devices::patch);
    writes.add(DELETE, "/devices/:id", Role.ADMIN, devices::delete);
    api.add(GET, "/audit", Role.ADMIN, new AuditHandler(guards.audit())::list);
    api.add(GET, "/admin/consistency", Role.ADMIN, ctx -> consistency(ctx, service.get()));
    api.add(GET, "/admin/replicas", Role.ADMIN, fleet::replicas);
    api.add(GET, "/admin/erasures/:username", Role.ADMIN, fleet::erasure);
    writes.add(POST, "/admin/import", Role.ADMIN, fleet::importPeople);
    api.add(GET, "/replication/changes", Role.REPLICA, fleet::changes);
    api.add(GET, "/replication/snapshot", Role.REPLICA, fleet::snapshot);

    for (int status : new int[] {400, 401, 403, 404, 405, 413, 500}) {
      router.errorHandler(status, ApiErrors::sendForStatus);
    }
    return router;
  }

  private static void readiness(RoutingContext ctx, boolean ready) {
    ctx.response().setStatusCode(ready ? 200 : 503);
    ctx.json(new JsonObject().put("status", ready ? "ready" : "starting"));
  }

  /** Until the models are loaded and the index is built, the API answers 503 NOT_READY. */
  private static void ready(RoutingContext ctx, FaceService service) {
    if (service == null) {
      ApiErrors.send(ctx, ErrorCode.NOT_READY, "the server is still loading models and the index");
    } else {
      ctx.next();
    }
  }

  private static void challenge(RoutingContext ctx, FaceService service) {
    Challenge challenge = service.challenge();
    ctx.json(
        new JsonObject()
            .put("challenge_id", challenge.id())
            .put(
                "actions",
                new JsonArray(challenge.actions().stream().map(Action::wireName).toList()))
            .put("expires_in", service.challengeLifetime().toSeconds()));
  }

  private static void consistency(RoutingContext ctx, FaceService service) {
    service
        .consistency()
        .onSuccess(c -> ctx.json(c.toJson()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  /**
   * Routes behind a bearer token: each gets the token check, its role, the {@code before} handlers
   * (the revoked-token check first) and the readiness check, in that order, then its own handler.
   */
  private record Guarded(
      Router router,
      JWTAuthHandler authenticated,
      Handler<RoutingContext> ready,
      List<Handler<RoutingContext>> before) {
    Guarded before(Handler<RoutingContext> handler) {
      return new Guarded(
          router,
          authenticated,
          ready,
          Stream.concat(before.stream(), Stream.of(handler)).toList());
    }

    void add(HttpMethod method, String path, Role role, Handler<RoutingContext> handler) {
      Route route =
          router
              .route(method, path)
              .handler(authenticated)
              .handler(allow(role))
              .handler(ApiRouter::holdBody);
      before.forEach(route::handler);
      route.handler(ready).handler(handler);
    }
  }

  /**
   * Spends one request from the caller's token subject and from its IP address, before any byte of
   * the body is read: a flood costs the server a header parse and a signature check, no decoding.
   * The address is the client's as {@link ClientAddress} resolves it (behind trusted proxies).
   */
  private static void rateLimit(RoutingContext ctx, RateLimiter limiter) {
    String subject = String.valueOf(ctx.user().principal().getValue("sub"));
    long wait =
        Math.max(
            limiter.acquire("sub:" + subject),
            limiter.acquire("ip:" + ctx.<String>get(ClientAddress.KEY)));
    if (wait > 0) {
      ApiErrors.send(
          ctx,
          new FacegateException(
              ErrorCode.RATE_LIMITED,
              "too many requests; retry in " + wait + " s",
              new JsonObject().put(FacegateException.RETRY_AFTER, wait)));
    } else {
      ctx.next();
    }
  }

  private static void clearLockout(RoutingContext ctx, FaceService service) {
    String username = ctx.pathParam("username");
    try {
      service.clearLockout(username);
    } catch (FacegateException e) {
      ApiErrors.send(ctx, e);
      return;
    }
    ctx.put(AuditRecorder.USERNAME, username);
    ctx.put(AuditRecorder.DECISION, "lockout_cleared");
    ctx.response().setStatusCode(204).end();
  }

  /**
   * Browsers on the listed origins may call the API with a bearer token; no cookies are involved.
   */
  private static CorsHandler cors(List<String> origins) {
    return CorsHandler.create()
        .addOrigins(origins)
        .allowedMethods(
            Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PATCH, HttpMethod.DELETE))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Request-Id"))
        .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "X-Gallery-Seq"));
  }

  /**
   * Admin, or the given role, read from the token's {@code roles} claim (vertx-auth-jwt turns claim
   * entries into permissions).
   */
  private static AuthorizationHandler allow(Role role) {
    return AuthorizationHandler.create(
            OrAuthorization.create()
                .addAuthorization(PermissionBasedAuthorization.create(Role.ADMIN.claim()))
                .addAuthorization(PermissionBasedAuthorization.create(role.claim())))
        .addAuthorizationProvider(JWTAuthorization.create(TokenService.ROLES_CLAIM));
  }

  /** Keeps a caller's X-Request-Id (when sane) or makes one, and returns it on every response. */
  private static void requestId(RoutingContext ctx) {
    String given = ctx.request().getHeader("X-Request-Id");
    String id =
        given != null && given.matches("[A-Za-z0-9._:-]{1,128}")
            ? given
            : UUID.randomUUID().toString();
    ctx.put(RequestMdc.KEY, id);
    ctx.response().putHeader("X-Request-Id", id);
    // Hold the upload from the start; vertx-web's token and role handlers resume it when they pass,
    // so guarded routes hold it again after them (holdBody) until BodyReader attaches its handlers.
    ctx.request().pause();
    // A refusal before the body is read (rate limit, read-only replica, overload) leaves it held:
    // let the connection read and drop the rest, or the next request on it would never be read.
    ctx.addEndHandler(answered -> ctx.request().resume());
    ctx.next();
  }

  /**
   * Holds the body again after vertx-web's token and role handlers, which resume the request when
   * they pass: a chunk arriving while a later step waits (a read's {@code min_seq}) would find no
   * reader and be dropped. {@link BodyReader} resumes it once its handlers are attached.
   */
  private static void holdBody(RoutingContext ctx) {
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    ctx.next();
  }
}
