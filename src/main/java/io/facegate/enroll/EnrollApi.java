package io.facegate.enroll;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The two calls bulk enrollment makes, POST /register (JSON, base64 images) and PATCH
 * /users/{username}; a 429 or 503 is retried after its Retry-After, so a run slows down to what the
 * server admits instead of failing.
 */
final class EnrollApi {
  private static final int MAX_ATTEMPTS = 30;

  /** A status and its JSON body (an error's {@code error}, {@code message} and details). */
  record Answer(int status, JsonObject body) {
    boolean ok() {
      return status / 100 == 2;
    }

    String error() {
      return body.getString("error", "HTTP_" + status);
    }

    String message() {
      return body.getString("message", "");
    }
  }

  private final HttpClient http;
  private final URI server;
  private final String token;

  EnrollApi(URI server, String token) {
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.server = server;
    this.token = token;
  }

  Answer register(
      String username, String displayName, boolean allowDuplicate, List<byte[]> photos) {
    JsonArray images = new JsonArray();
    photos.forEach(p -> images.add(Base64.getEncoder().encodeToString(p)));
    JsonObject body = new JsonObject().put("username", username).put("images", images);
    if (displayName != null) {
      body.put("display_name", displayName);
    }
    if (allowDuplicate) {
      body.put("allow_duplicate", true);
    }
    return send("POST", "/register", body);
  }

  Answer setGroups(String username, List<String> groups) {
    return send(
        "PATCH",
        "/users/" + URLEncoder.encode(username, StandardCharsets.UTF_8),
        new JsonObject().put("groups", new JsonArray(groups)));
  }

  private Answer send(String method, String path, JsonObject body) {
    HttpRequest request =
        HttpRequest.newBuilder(server.resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode()))
            .build();
    for (int attempt = 1; ; attempt++) {
      HttpResponse<String> response = exchange(request);
      int status = response.statusCode();
      if ((status == 429 || status == 503) && attempt < MAX_ATTEMPTS) {
        pause(response.headers().firstValueAsLong("Retry-After").orElse(1));
        continue;
      }
      return new Answer(status, json(response.body()));
    }
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach "
              + server
              + " ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static JsonObject json(String body) {
    try {
      return body.isBlank() ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException e) {
      return new JsonObject();
    }
  }

  private static void pause(long seconds) {
    try {
      Thread.sleep(seconds * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
