package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FleetConfig;
import io.facegate.events.EventPublisher;
import io.facegate.service.ErrorCode;
import io.facegate.testing.FastTier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.pointer.JsonPointer;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the router cannot drift: the real router (no models needed) is compared
 * with src/main/resources/openapi.json route by route, the refusals each route's guards answer are
 * probed on it, each route's handler errors are listed here, and the document must be valid OpenAPI
 * 3.0. A new route or error code fails here until it is documented.
 */
@FastTier
class OpenApiTest {
  static Vertx vertx;
  static TokenService tokens;
  static Router router;
  static HttpServer server;
  static JsonObject document;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    tokens =
        new TokenService(vertx, "test-secret-that-is-at-least-32-bytes-long!", "HS256", "facegate");
    router = router(new RateLimiter(0, 0, Clock.systemUTC()), FleetConfig.Role.STANDALONE);
    server = listen(router);
    document = OpenApiDocument.read();
  }

  /** The real router before its models are loaded (every guarded route then answers 503). */
  static Router router(RateLimiter limiter, FleetConfig.Role role) {
    Clock clock = Clock.systemUTC();
    return ApiRouter.create(
        vertx,
        () -> null,
        tokens,
        new BodyReader(1 << 20, 10, 8192, 64),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
        new RequestGuards(limiter, () -> null, clock, List.of(), new InferenceGate(4, 0)),
        EventPublisher.NONE,
        new FleetRoutes(role));
  }

  static HttpServer listen(Router router) throws Exception {
    return vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  /**
   * "GET /users/{username}" for every route with a path; handlers for every path (headers, ids,
   * audit) have none.
   */
  static Set<String> routed() {
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue;
      }
      assertTrue(
          route.methods() != null && !route.methods().isEmpty(),
          route.getPath() + " answers every method");
      String path = route.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
      route.methods().forEach(m -> routes.add(m.name() + " " + path));
    }
    return routes;
  }

  static Set<String> documented() {
    return OpenApiDocument.operations(document);
  }

  @Test
  void everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() {
    Set<String> routes = routed();
    Set<String> operations = documented();
    assertTrue(routes.size() >= 15, "the router's routes were not all found: " + routes);
    Set<String> undocumented = new TreeSet<>(routes);
    undocumented.removeAll(operations);
    Set<String> unrouted = new TreeSet<>(operations);
    unrouted.removeAll(routes);
    assertEquals(Set.of(), undocumented, "routes missing from openapi.json");
    assertEquals(Set.of(), unrouted, "operations in openapi.json that the router does not have");
  }

  @Test
  void everyErrorCodeIsDocumentedWithItsStatus() {
    Set<String> codes =
        Arrays.stream(ErrorCode.values())
            .map(Enum::name)
            .collect(Collectors.toCollection(TreeSet::new));
    JsonObject error =
        document.getJsonObject("components").getJsonObject("schemas").getJsonObject("Error");
    assertEquals(List.of("error", "message"), error.getJsonArray("required").getList());
    assertEquals(
        codes,
        new TreeSet<>(
            error
                .getJsonObject("properties")
                .getJsonObject("error")
                .getJsonArray("enum")
                .getList()),
        "the Error schema's codes are ErrorCode's");
    // Each code is an example of a response with its own status.
    for (ErrorCode code : ErrorCode.values()) {
      assertTrue(
          statusesDocumenting(code.name()).contains(Integer.toString(ApiErrors.status(code))),
          code + " is not documented as a " + ApiErrors.status(code) + " response");
    }
  }

  @Test
  void theDocumentIsAValidOpenApi3Document() throws Exception {
    // vertx-openapi's check of a document against the OpenAPI specification's own JSON schema
    // (OpenAPIContract.from would also refuse the media type of the HTML routes).
    OpenAPIVersion version = OpenAPIVersion.fromContract(document);
    assertEquals(OpenAPIVersion.V3_0, version);
    SchemaRepository schemas = version.getRepository(vertx, "app:///").await(30, TimeUnit.SECONDS);
    OutputUnit result =
        version.validateContract(vertx, schemas, document.copy()).await(30, TimeUnit.SECONDS);
    assertTrue(Boolean.TRUE.equals(result.getValid()), () -> String.valueOf(result.getErrors()));
    assertEquals(List.of(), danglingReferences(document), "$refs to nothing");
  }

  /** Every local {@code $ref} under {@code node} that names no part of the document. */
  private static List<String> danglingReferences(Object node) {
    List<String> dangling = new ArrayList<>();
    if (node instanceof JsonObject object) {
      if (object.getValue("$ref") instanceof String ref
          && JsonPointer.fromURI(URI.create(ref)).queryJson(document) == null) {
        dangling.add(ref);
      }
      object.forEach(field -> dangling.addAll(danglingReferences(field.getValue())));
    } else if (node instanceof JsonArray array) {
      array.forEach(item -> dangling.addAll(danglingReferences(item)));
    }
    return dangling;
  }

  /**
   * What the OpenAPI schema cannot check: each path's {parameters} declared, a body for each POST
   * and PATCH that reads one, and {@code min_seq} wherever a read takes it (the probe below).
   */
  @Test
  void everyOperationDeclaresItsParametersAndBody() {
    List<String> missing = new ArrayList<>();
    for (String operation : documented()) {
      String[] methodAndPath = operation.split(" ", 2);
      Set<String> declared = new TreeSet<>();
      JsonArray parameters = operation(operation).getJsonArray("parameters", new JsonArray());
      parameters.addAll(
          document
              .getJsonObject("paths")
              .getJsonObject(methodAndPath[1])
              .getJsonArray("parameters", new JsonArray()));
      parameters.forEach(
          p ->
              declared.add(
                  ((JsonObject) p).getString("in") + " " + ((JsonObject) p).getString("name")));
      Matcher template = Pattern.compile("\\{([^}]+)}").matcher(methodAndPath[1]);
      while (template.find()) {
        if (!declared.contains("path " + template.group(1))) {
          missing.add(operation + ": path parameter " + template.group(1));
        }
      }
      if (guardAnswers().getOrDefault(operation, Set.of()).contains(ErrorCode.BAD_REQUEST)
          && !declared.contains("query min_seq")) {
        missing.add(operation + ": query parameter min_seq");
      }
      boolean readsBody =
          HANDLER_ERRORS
              .getOrDefault(operation, Set.of())
              .contains(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
      if (readsBody && operation(operation).getJsonObject("requestBody") == null) {
        missing.add(operation + ": request body");
      }
    }
    assertEquals(List.of(), missing);
  }

  /**
   * The refusals a route gives before its handler runs, as the real router answers them: no token,
   * a token without a role, the server still loading, {@code min_seq} on a standalone server, a
   * write on a follower, a spent rate limit. Each is documented on that route under its status.
   */
  @Test
  void everyRouteDocumentsTheRefusalsOfItsGuards() {
    assertEquals(List.of(), undocumented(guardAnswers()));
  }

  @Test
  void everyRouteDocumentsTheErrorsOfItsHandler() {
    assertEquals(
        protectedOperations(),
        HANDLER_ERRORS.keySet(),
        "each route behind a token lists its handler's errors in HANDLER_ERRORS");
    assertEquals(List.of(), undocumented(HANDLER_ERRORS));
    Map<String, Set<ErrorCode>> everywhere = new TreeMap<>();
    HANDLER_ERRORS.keySet().forEach(operation -> everywhere.put(operation, EVERY_GUARDED_ROUTE));
    assertEquals(List.of(), undocumented(everywhere));
    // A new error code must be placed on the routes that answer it.
    Set<ErrorCode> placed = EnumSet.copyOf(EVERY_GUARDED_ROUTE);
    placed.addAll(List.of(ErrorCode.NOT_FOUND, ErrorCode.METHOD_NOT_ALLOWED)); // any path
    HANDLER_ERRORS.values().forEach(placed::addAll);
    guardAnswers().values().forEach(placed::addAll);
    assertEquals(EnumSet.allOf(ErrorCode.class), placed, "error codes no route answers");
  }

  /** Answered by every route behind a token, provoked only with a loaded server. */
  private static final Set<ErrorCode> EVERY_GUARDED_ROUTE =
      EnumSet.of(ErrorCode.TOKEN_REVOKED, ErrorCode.INTERNAL);

  /** What a photo route's body reading, inference gate and pipeline answer (UploadHandler). */
  private static final Set<ErrorCode> PHOTO =
      EnumSet.of(
          ErrorCode.BAD_REQUEST,
          ErrorCode.BAD_IMAGE,
          ErrorCode.TOO_LARGE,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          ErrorCode.RATE_LIMITED,
          ErrorCode.OVERLOADED,
          ErrorCode.TIMED_OUT);

  /** What a JSON body route's reading answers (BodyReader.readJson). */
  private static final Set<ErrorCode> JSON_BODY =
      EnumSet.of(ErrorCode.BAD_REQUEST, ErrorCode.TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE);

  /**
   * The errors each route's handler and the service behind it answer once the server is loaded
   * (read from the handlers; the end-to-end tests provoke them). A central's gallery writes and
   * feed answer CENTRAL_UNAVAILABLE while its PostgreSQL is down.
   */
  private static final Map<String, Set<ErrorCode>> HANDLER_ERRORS =
      Map.ofEntries(
          entry(
              "POST /register",
              PHOTO,
              ErrorCode.NO_FACE,
              ErrorCode.LOW_QUALITY,
              ErrorCode.MULTIPLE_FACES,
              ErrorCode.DUPLICATE_FACE,
              ErrorCode.SPOOF_SUSPECTED,
              ErrorCode.CHALLENGE_INVALID,
              ErrorCode.FORBIDDEN, // allow_duplicate without the admin role
              ErrorCode.INSUFFICIENT_STORAGE,
              ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "POST /verify",
              PHOTO,
              ErrorCode.NO_FACE,
              ErrorCode.LOW_QUALITY,
              ErrorCode.USER_NOT_FOUND,
              ErrorCode.LOCKED,
              ErrorCode.CHALLENGE_INVALID),
          entry(
              "POST /compare",
              PHOTO,
              ErrorCode.NO_FACE,
              ErrorCode.LOW_QUALITY,
              ErrorCode.CHALLENGE_INVALID),
          entry("POST /liveness/challenge", Set.of()),
          entry("POST /detect", PHOTO),
          entry("POST /embed", PHOTO, ErrorCode.NO_FACE, ErrorCode.LOW_QUALITY),
          entry("GET /users", Set.of(), ErrorCode.BAD_REQUEST),
          entry("GET /users/{username}", Set.of(), ErrorCode.BAD_REQUEST, ErrorCode.USER_NOT_FOUND),
          entry(
              "PATCH /users/{username}",
              JSON_BODY,
              ErrorCode.USER_NOT_FOUND,
              ErrorCode.INSUFFICIENT_STORAGE),
          entry(
              "DELETE /users/{username}",
              Set.of(),
              ErrorCode.BAD_REQUEST,
              ErrorCode.USER_NOT_FOUND,
              ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "DELETE /users/{username}/embeddings/{id}",
              Set.of(),
              ErrorCode.BAD_REQUEST,
              ErrorCode.USER_NOT_FOUND,
              ErrorCode.NOT_FOUND,
              ErrorCode.LAST_PHOTO),
          entry("DELETE /users/{username}/lockout", Set.of(), ErrorCode.BAD_REQUEST),
          entry("POST /devices", JSON_BODY, ErrorCode.DEVICE_EXISTS),
          entry("GET /devices", Set.of()),
          entry("GET /devices/{id}", Set.of(), ErrorCode.NOT_FOUND),
          entry("PATCH /devices/{id}", JSON_BODY, ErrorCode.NOT_FOUND),
          entry("DELETE /devices/{id}", Set.of(), ErrorCode.NOT_FOUND),
          entry("GET /audit", Set.of(), ErrorCode.BAD_REQUEST),
          entry("GET /admin/consistency", Set.of()),
          entry(
              "POST /admin/import", JSON_BODY, ErrorCode.NOT_FOUND, ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "GET /admin/replicas", Set.of(), ErrorCode.NOT_FOUND, ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "GET /admin/erasures/{username}",
              Set.of(),
              ErrorCode.BAD_REQUEST,
              ErrorCode.NOT_FOUND,
              ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "GET /replication/changes",
              Set.of(),
              ErrorCode.BAD_REQUEST,
              ErrorCode.NOT_FOUND,
              ErrorCode.LINEAGE_CHANGED,
              ErrorCode.GONE,
              ErrorCode.CENTRAL_UNAVAILABLE),
          entry(
              "GET /replication/snapshot",
              Set.of(),
              ErrorCode.NOT_FOUND,
              ErrorCode.CENTRAL_UNAVAILABLE));

  private static Map.Entry<String, Set<ErrorCode>> entry(
      String operation, Set<ErrorCode> shared, ErrorCode... own) {
    Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
    codes.addAll(shared);
    codes.addAll(List.of(own));
    return Map.entry(operation, codes);
  }

  /** The documented operations that need a token. */
  static Set<String> protectedOperations() {
    return documented().stream()
        .filter(operation -> !operation(operation).getJsonArray("security").isEmpty())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Set<ErrorCode>> guardAnswers;

  /**
   * Each protected route's refusals before its handler, probed once for the tests that need them.
   */
  static synchronized Map<String, Set<ErrorCode>> guardAnswers() {
    if (guardAnswers == null) {
      guardAnswers = probeGuards();
    }
    return guardAnswers;
  }

  private static Map<String, Set<ErrorCode>> probeGuards() {
    try {
      HttpServer follower =
          listen(router(new RateLimiter(0, 0, Clock.systemUTC()), FleetConfig.Role.FOLLOWER));
      // One request of burst, then nearly nothing: the first photo route spends it for all.
      HttpServer limited =
          listen(router(new RateLimiter(0.001, 1, Clock.systemUTC()), FleetConfig.Role.STANDALONE));
      String admin = token(List.of(Role.ADMIN));
      Map<String, Set<ErrorCode>> answers = new TreeMap<>();
      for (String operation : protectedOperations()) {
        Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        assertEquals(ErrorCode.UNAUTHORIZED, probe(server, operation, null, ""), operation);
        assertEquals(
            ErrorCode.FORBIDDEN, probe(server, operation, token(List.of()), ""), operation);
        Role role = Role.parse(documentedRole(operation));
        assertNotEquals(
            ErrorCode.FORBIDDEN,
            probe(server, operation, token(List.of(role)), ""),
            operation + " refuses its documented role " + role);
        codes.addAll(List.of(ErrorCode.UNAUTHORIZED, ErrorCode.FORBIDDEN));
        codes.add(probe(server, operation, admin, ""));
        codes.add(probe(server, operation, admin, "?min_seq=1"));
        codes.add(probe(follower, operation, admin, ""));
        probe(limited, operation, admin, "");
        codes.add(probe(limited, operation, admin, ""));
        answers.put(operation, codes);
      }
      return answers;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String token(List<Role> roles) {
    return tokens.issue(roles, "probe", Duration.ofMinutes(5));
  }

  /** The role an operation's description names ("Role: `enroll` ..."). */
  private static String documentedRole(String operation) {
    Matcher role =
        Pattern.compile("Role: `([a-z]+)`").matcher(operation(operation).getString("description"));
    assertTrue(role.lookingAt(), operation + " names no role");
    return role.group(1);
  }

  /**
   * Sends the operation without a body (every guard answers before a body is read) to {@code
   * target}, its path parameters all "1", and returns the error code, checking its status.
   */
  private static ErrorCode probe(HttpServer target, String operation, String token, String query)
      throws IOException, InterruptedException {
    String[] methodAndPath = operation.split(" ", 2);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + target.actualPort()
                        + methodAndPath[1].replaceAll("\\{[^}]+}", "1")
                        + query))
            .method(methodAndPath[0], HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response =
        HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    ErrorCode code = ErrorCode.valueOf(new JsonObject(response.body()).getString("error"));
    assertEquals(ApiErrors.status(code), response.statusCode(), operation + " " + code);
    return code;
  }

  /** The statuses under which a response names {@code code} as an example. */
  static Set<String> statusesDocumenting(String code) {
    Set<String> statuses = new TreeSet<>();
    for (String operation : documented()) {
      operation(operation)
          .getJsonObject("responses")
          .fieldNames()
          .forEach(
              status -> {
                if (documentedCodes(operation, status).contains(code)) {
                  statuses.add(status);
                }
              });
    }
    // Unknown path, known path with another method: documented once, for any path.
    JsonObject components = document.getJsonObject("components").getJsonObject("responses");
    Map.of("NotFound", "404", "MethodNotAllowed", "405")
        .forEach(
            (name, status) -> {
              if (examples(components.getJsonObject(name)).contains(code)) {
                statuses.add(status);
              }
            });
    return statuses;
  }

  /** The operation object of "METHOD /path". */
  static JsonObject operation(String operation) {
    String[] methodAndPath = operation.split(" ", 2);
    return document
        .getJsonObject("paths")
        .getJsonObject(methodAndPath[1])
        .getJsonObject(methodAndPath[0].toLowerCase());
  }

  /** The error codes the operation's response for {@code status} names as examples. */
  static Set<String> documentedCodes(String operation, String status) {
    JsonObject response = operation(operation).getJsonObject("responses").getJsonObject(status);
    return response == null
        ? Set.of()
        : examples(
            resolve(response, document.getJsonObject("components").getJsonObject("responses")));
  }

  /** "METHOD /path: STATUS CODE" for each code an operation answers that it does not document. */
  static List<String> undocumented(Map<String, Set<ErrorCode>> answered) {
    List<String> missing = new ArrayList<>();
    answered.forEach(
        (operation, codes) ->
            codes.forEach(
                code -> {
                  String status = Integer.toString(ApiErrors.status(code));
                  if (!documentedCodes(operation, status).contains(code.name())) {
                    missing.add(operation + ": " + status + " " + code);
                  }
                }));
    return missing;
  }

  private static JsonObject resolve(JsonObject response, JsonObject components) {
    String ref = response.getString("$ref");
    return ref == null
        ? response
        : components.getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static Set<String> examples(JsonObject response) {
    JsonObject content = response.getJsonObject("content");
    JsonObject json = content == null ? null : content.getJsonObject("application/json");
    if (json == null || json.getJsonObject("examples") == null) {
      return Set.of();
    }
    JsonObject schema = json.getJsonObject("schema");
    assertEquals(
        "#/components/schemas/Error",
        schema.getString("$ref"),
        "an error response without the Error schema");
    Set<String> codes = new TreeSet<>();
    json.getJsonObject("examples")
        .forEach(
            e -> codes.add(((JsonObject) e.getValue()).getJsonObject("value").getString("error")));
    return codes;
  }

  @Test
  void everyProtectedOperationNamesItsRoleAndAnswers401And403WithTheErrorSchema() {
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      paths
          .getJsonObject(path)
          .forEach(
              entry -> {
                JsonObject op = (JsonObject) entry.getValue();
                String name = entry.getKey().toUpperCase() + " " + path;
                assertNotNull(
                    op.getJsonArray("security"), name + " must say whether it needs a token");
                if (op.getJsonArray("security").isEmpty()) {
                  return;
                }
                assertTrue(
                    op.getString("description")
                        .matches("(?s)Role: `(admin|enroll|verify|replica)`.*"),
                    name + " names no role");
                assertEquals(
                    "#/components/responses/Unauthorized",
                    op.getJsonObject("responses").getJsonObject("401").getString("$ref"),
                    name);
                assertEquals(
                    "#/components/responses/Forbidden",
                    op.getJsonObject("responses").getJsonObject("403").getString("$ref"),
                    name);
                assertTrue(
                    op.getJsonObject("responses").containsKey("503"),
                    name + " can answer 503 NOT_READY");
              });
    }
  }

  @Test
  void documentAndPageAnswerWithoutAToken() throws IOException, InterruptedException {
    HttpResponse<String> json = get("/openapi.json");
    assertEquals(200, json.statusCode());
    assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonObject served = new JsonObject(json.body());
    assertTrue(served.getString("openapi").startsWith("3.0"));
    assertEquals(document, served);

    assertTrue(selfContainedPage("/docs").contains("fetch(\"/openapi.json\")"));
  }

  @Test
  void theWebPageEnrollsAndVerifiesThroughTheApi() throws IOException, InterruptedException {
    String page = selfContainedPage("/");
    assertTrue(
        page.contains("getUserMedia")
            && page.contains("'/register'")
            && page.contains("'/verify'"));
  }

  /**
   * A page that answers without a token, runs only its own inline code and loads nothing from
   * elsewhere.
   */
  private static String selfContainedPage(String path) throws IOException, InterruptedException {
    HttpResponse<String> page = get(path);
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(
        policy.contains("script-src 'sha256-") && policy.contains("connect-src 'self'"), policy);
    assertFalse(
        page.body().contains("http://") || page.body().contains("https://"),
        "the page loads nothing from elsewhere");
    return page.body();
  }

  // HTTP/1.1: the JDK client's h2c upgrade against Vert.x (which accepts it) now and then
  // misreads the reply.
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
