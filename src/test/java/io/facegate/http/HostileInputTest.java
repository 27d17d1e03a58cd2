package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.BmpFiles;
import io.facegate.testing.E2eTier;
import io.facegate.testing.HostileFiles;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of hostile requests, generated here, each sent to both /register and /verify: every one
 * gets its 4xx JSON error from the contract, nothing is enrolled, and the server keeps serving.
 */
@E2eTier
class HostileInputTest {
  static final long BODY_LIMIT = 3_000_000;
  static final byte[] PHOTO = TestPhotos.read(TestPhotos.path("people/obama/obama.jpg"));

  @TempDir static Path dataDir;
  static TestServer server;
  static ApiClient admin;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("body_limit_bytes", BODY_LIMIT)
                .with("rate_limit_per_second", 0));
    admin = server.client(Role.ADMIN);
  }

  @AfterAll
  static void stop() {
    assertEquals(200, admin.get("/healthz").statusCode(), "still serving after the whole corpus");
    assertEquals(
        0, admin.get("/users").bodyAsJsonObject().getJsonArray("users").size(), "nothing enrolled");
    server.close();
  }

  record Attack(
      String name,
      int status,
      String code,
      BiFunction<ApiClient, String, Future<HttpResponse<Buffer>>> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Attack> corpus() {
    List<Attack> attacks = new ArrayList<>();
    attacks.add(
        new Attack(
            "oversized body",
            413,
            "TOO_LARGE",
            (c, p) -> images(c, p, new byte[(int) BODY_LIMIT + 1])));
    attacks.add(new Attack("too many files", 400, "BAD_REQUEST", (c, p) -> images(c, p, many(11))));
    attacks.add(
        new Attack(
            "pixel bomb header 30000x30000",
            413,
            "TOO_LARGE",
            (c, p) -> images(c, p, HostileFiles.pixelBombHeader())));
    attacks.add(
        new Attack(
            "decompression bomb PNG 20000x20000",
            413,
            "TOO_LARGE",
            (c, p) -> images(c, p, HostileFiles.decompressionBomb())));
    attacks.add(
        new Attack(
            "decompression bomb as base64 JSON",
            413,
            "TOO_LARGE",
            (c, p) -> json(c, p, imageJson(p, HostileFiles.decompressionBomb()))));
    attacks.add(
        new Attack(
            "truncated JPEG",
            400,
            "BAD_IMAGE",
            (c, p) -> images(c, p, HostileFiles.truncatedJpeg(PHOTO))));
    attacks.add(
        new Attack(
            "PNG under 100 bytes declaring a 2 GB chunk",
            400,
            "BAD_IMAGE",
            (c, p) -> images(c, p, HostileFiles.pngWithHugeChunk("IDAT"))));
    attacks.add(
        new Attack(
            "PNG whose data cannot hold its 4000x4000 header",
            400,
            "BAD_IMAGE",
            (c, p) -> images(c, p, HostileFiles.pngLyingAboutItsSize(4000, 4000))));
    attacks.add(
        new Attack(
            "GIF",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            (c, p) ->
                images(
                    c,
                    p,
                    "GIF89a\1\0\1\0\0\0\0,\0\0\0\0\1\0\1\0\0\2\0;"
                        .getBytes(StandardCharsets.ISO_8859_1))));
    attacks.add(
        new Attack(
            "valid faceless OS/2 bitmap (not 413)",
            422,
            "NO_FACE",
            (c, p) -> images(c, p, BmpFiles.os2(200, 150))));
    attacks.add(
        new Attack(
            "JPEG/ZIP polyglot (decoded as its faceless JPEG)",
            422,
            "NO_FACE",
            (c, p) -> images(c, p, HostileFiles.jpegZipPolyglot())));
    attacks.add(
        new Attack(
            "HTML/script named .jpg",
            400,
            "BAD_IMAGE",
            (c, p) -> images(c, p, HostileFiles.htmlPosingAsJpeg())));
    attacks.add(new Attack("empty file", 400, "BAD_IMAGE", (c, p) -> images(c, p, new byte[0])));
    attacks.add(
        new Attack(
            "content type text/plain",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            (c, p) -> raw(c, p, "text/plain", "hi")));
    attacks.add(
        new Attack(
            "content type x-www-form-urlencoded",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            (c, p) -> raw(c, p, "application/x-www-form-urlencoded", "username=eve&mode=id")));
    attacks.add(
        new Attack(
            "content type XML",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            (c, p) ->
                raw(
                    c,
                    p,
                    "application/xml",
                    "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>")));
    attacks.add(
        new Attack(
            "no content type",
            415,
            "UNSUPPORTED_MEDIA_TYPE",
            (c, p) -> c.request(HttpMethod.POST, p).sendBuffer(Buffer.buffer("x"))));
    attacks.add(
        new Attack(
            "invalid base64",
            400,
            "BAD_REQUEST",
            (c, p) ->
                json(
                    c,
                    p,
                    imageJson(p, null)
                        .put(
                            imageKey(p),
                            p.equals("/register")
                                ? new JsonArray().add("***not base64***")
                                : "***not base64***"))));
    attacks.add(
        new Attack(
            "truncated JSON",
            400,
            "BAD_REQUEST",
            (c, p) -> raw(c, p, "application/json", "{\"mode\": \"id\", ")));
    attacks.add(
        new Attack(
            "JSON array, not object",
            400,
            "BAD_REQUEST",
            (c, p) -> raw(c, p, "application/json", "[1,2,3]")));
    attacks.add(
        new Attack(
            "deeply nested JSON (100k levels)",
            400,
            "BAD_REQUEST",
            (c, p) ->
                raw(
                    c,
                    p,
                    "application/json",
                    "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000))));
    attacks.add(
        new Attack(
            "huge JSON string field (2 MB)",
            400,
            "BAD_REQUEST",
            (c, p) ->
                json(
                    c,
                    p,
                    imageJson(p, PHOTO)
                        .put("username", "a".repeat(2_000_000))
                        .put("mode", "m".repeat(100)))));
    attacks.add(
        new Attack(
            "huge multipart field (100 KB)",
            400,
            "BAD_REQUEST",
            (c, p) -> form(c, p, Map.of("username", "a".repeat(100_000), "mode", "auth"), PHOTO)));
    attacks.add(
        new Attack(
            "too many multipart fields (200)", 400, "BAD_REQUEST", (c, p) -> manyFields(c, p)));
    for (String username :
        new String[] {"ålice", "名前", "../../etc/passwd", "a".repeat(65), "", "a b", "eve\u0000"}) {
      String shown =
          username.isEmpty()
              ? "empty"
              : username.length() > 20 ? username.length() + " chars" : username;
      attacks.add(
          new Attack(
              "username " + shown.replace("\u0000", "\\0"),
              400,
              "BAD_REQUEST",
              (c, p) -> form(c, p, Map.of("username", username, "mode", "auth"), PHOTO)));
    }
    return attacks;
  }

  static Stream<Arguments> cases() {
    return corpus().stream()
        .flatMap(a -> Stream.of(Arguments.of(a, "/register"), Arguments.of(a, "/verify")));
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("cases")
  void eachHostileRequestGetsItsContractError(Attack attack, String path) {
    HttpResponse<Buffer> response = TestServer.await(attack.send().apply(admin, path));
    assertEquals(attack.status(), response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(attack.code(), body.getString("error"), body.encode());
    assertTrue(body.encode().length() < 4096, "errors do not echo the attack back");
    assertEquals(200, admin.get("/healthz").statusCode());
  }

  @Test
  void theBodyLimitHoldsForChunkedUploadsWithoutContentLength() {
    for (String path : new String[] {"/register", "/verify"}) {
      for (String type : new String[] {"application/json", "multipart/form-data; boundary=xyz"}) {
        HttpClient http = server.clientVertx().createHttpClient();
        Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        Future<HttpClientResponse> sent =
            http.request(HttpMethod.POST, server.port(), "127.0.0.1", path)
                .compose(
                    request -> {
                      request
                          .setChunked(true)
                          .putHeader("Authorization", "Bearer " + server.token(Role.ADMIN))
                          .putHeader("Content-Type", type);
                      String start =
                          "--xyz\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\n";
                      request.write(
                          type.startsWith("multipart")
                              ? Buffer.buffer(start)
                              : Buffer.buffer("\""));
                      for (long written = 0; written <= BODY_LIMIT; written += chunk.length()) {
                        request.write(chunk);
                      }
                      request.end();
                      return request.response();
                    });
        // The status is enough: the server answers and drops the connection while the client still
        // sends, so the client may never see the end of the error body.
        HttpClientResponse response = TestServer.await(sent);
        assertEquals(413, response.statusCode(), path + " " + type);
        assertEquals("close", response.getHeader("Connection"));
        TestServer.await(http.close());
      }
    }
    assertEquals(200, admin.get("/healthz").statusCode());
  }

  @Test
  void aHugeDisplayNameIsRefusedNotStored() {
    HttpResponse<Buffer> response =
        TestServer.await(
            json(
                admin,
                "/register",
                imageJson("/register", PHOTO).put("display_name", "n".repeat(1_000_000))));
    assertEquals(400, response.statusCode(), response.bodyAsString());
    assertEquals("BAD_REQUEST", response.bodyAsJsonObject().getString("error"));
  }

  @Test
  void oversizedHeadersAreRefusedBeforeAnyHandler() {
    // The server answers 431 and closes; the client may see the close before it has read the
    // answer.
    // Its own client, so no other test's pool holds the connection the server is closing.
    Future<HttpResponse<Buffer>> sent =
        server
            .client(Role.ADMIN)
            .request(HttpMethod.GET, "/healthz")
            .putHeader("X-Padding", "a".repeat(20_000))
            .send();
    Future<Integer> outcome =
        sent.map(HttpResponse::statusCode)
            .recover(
                e ->
                    e instanceof io.vertx.core.http.HttpClosedException
                        ? Future.succeededFuture(431)
                        : Future.failedFuture(e));
    assertEquals(431, TestServer.await(outcome));
    // A new client: the pooled connection may be the one the server just closed.
    assertEquals(200, server.clientWithToken(null).get("/healthz").statusCode());
  }

  private static String imageKey(String path) {
    return path.equals("/register") ? "images" : "image";
  }

  private static byte[][] many(int n) {
    byte[][] files = new byte[n][];
    for (int i = 0; i < n; i++) {
      files[i] = HostileFiles.plainJpeg();
    }
    return files;
  }

  private static Future<HttpResponse<Buffer>> images(
      ApiClient client, String path, byte[]... files) {
    return form(client, path, Map.of("username", "eve", "mode", "id"), files);
  }

  private static Future<HttpResponse<Buffer>> form(
      ApiClient client, String path, Map<String, String> fields, byte[]... files) {
    MultipartForm form = MultipartForm.create();
    if (path.equals("/register")) {
      form.attribute("username", fields.get("username"));
    } else {
      form.attribute("mode", fields.get("mode"));
      if (fields.get("mode").equals("auth")) {
        form.attribute("username", fields.get("username"));
      }
    }
    for (byte[] file : files) {
      form.binaryFileUpload(imageKey(path), "photo.jpg", Buffer.buffer(file), "image/jpeg");
    }
    return client.request(HttpMethod.POST, path).sendMultipartForm(form);
  }

  private static Future<HttpResponse<Buffer>> manyFields(ApiClient client, String path) {
    MultipartForm form = MultipartForm.create();
    for (int i = 0; i < 200; i++) {
      form.attribute("field" + i, "x");
    }
    form.binaryFileUpload(imageKey(path), "photo.jpg", Buffer.buffer(PHOTO), "image/jpeg");
    return client.request(HttpMethod.POST, path).sendMultipartForm(form);
  }

  /** The right JSON shape for the route with {@code image} (or nothing when null). */
  private static JsonObject imageJson(String path, byte[] image) {
    JsonObject json =
        path.equals("/register")
            ? new JsonObject().put("username", "eve")
            : new JsonObject().put("mode", "id");
    if (image != null) {
      String b64 = Base64.getEncoder().encodeToString(image);
      json.put(imageKey(path), path.equals("/register") ? new JsonArray().add(b64) : b64);
    }
    return json;
  }

  private static Future<HttpResponse<Buffer>> json(ApiClient client, String path, JsonObject body) {
    return client.request(HttpMethod.POST, path).sendJsonObject(body);
  }

  private static Future<HttpResponse<Buffer>> raw(
      ApiClient client, String path, String type, String body) {
    return client
        .request(HttpMethod.POST, path)
        .putHeader("Content-Type", type)
        .sendBuffer(Buffer.buffer(body));
  }
}
