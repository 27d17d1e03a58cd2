package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.TokenService;
import io.facegate.events.EventPublisher;
import io.facegate.service.ErrorCode;
import io.facegate.testing.FastTier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document and the router cannot drift: the real router (no models needed) is compared
 * with src/main/resources/openapi.json route by route, and every error code is documented.
 */
@FastTier
class OpenApiTest {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  static Vertx vertx;
  static Router router;
  static HttpServer server;
  static JsonObject document;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    Clock clock = Clock.systemUTC();
    router =
        ApiRouter.create(
            vertx,
            () -> null,
            new TokenService(
                vertx, "test-secret-that-is-at-least-32-bytes-long!", "HS256", "facegate"),
            new BodyReader(1 << 20, 10),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new RequestGuards(
                new RateLimiter(0, 0, clock),
                () -> null,
                clock,
                List.of(),
                new InferenceGate(4, 0)),
            EventPublisher.NONE);
    server = vertx.createHttpServer().requestHandler(router).listen(0).await(30, TimeUnit.SECONDS);
    try (InputStream in = OpenApiTest.class.getResourceAsStream("/openapi.json")) {
      document =
          new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
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
    Set<String> operations = new TreeSet<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (HTTP_METHODS.contains(method)) {
          operations.add(method.toUpperCase() + " " + path);
        }
      }
    }
    return operations;
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

  /** The statuses under which a response names {@code code} as an example. */
  static Set<String> statusesDocumenting(String code) {
    Set<String> statuses = new TreeSet<>();
    JsonObject components = document.getJsonObject("components").getJsonObject("responses");
    List<JsonObject> responseMaps = new ArrayList<>();
    JsonObject paths = document.getJsonObject("paths");
    paths
        .fieldNames()
        .forEach(
            p ->
                paths
                    .getJsonObject(p)
                    .forEach(
                        op -> {
                          if (HTTP_METHODS.contains(op.getKey())) {
                            responseMaps.add(
                                ((JsonObject) op.getValue()).getJsonObject("responses"));
                          }
                        }));
    for (JsonObject responses : responseMaps) {
      for (String status : responses.fieldNames()) {
        if (examples(resolve(responses.getJsonObject(status), components)).contains(code)) {
          statuses.add(status);
        }
      }
    }
    // Unknown path, known path with another method: documented once, for any path.
    Map.of("NotFound", "404", "MethodNotAllowed", "405")
        .forEach(
            (name, status) -> {
              if (examples(components.getJsonObject(name)).contains(code)) {
                statuses.add(status);
              }
            });
    return statuses;
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
                    op.getString("description").matches("(?s)Role: `(admin|enroll|verify)`.*"),
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

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    // HTTP/1.1: the JDK client's h2c upgrade against Vert.x (which accepts it) now and then
    // misreads the reply.
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .build()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
