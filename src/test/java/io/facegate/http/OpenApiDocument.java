package io.facegate.http;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The served OpenAPI document (src/main/resources/openapi.json) as the tests read it. */
final class OpenApiDocument {
  private static final Set<String> HTTP_METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  private OpenApiDocument() {}

  static JsonObject read() {
    try (InputStream in = OpenApiDocument.class.getResourceAsStream("/openapi.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "GET /users/{username}" for every operation of the document. */
  static Set<String> operations(JsonObject document) {
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

  /** The operation among {@code operations} that a concrete "DELETE /users/bob" request is. */
  static Optional<String> operationOf(String request, Set<String> operations) {
    return operations.stream()
        .filter(o -> request.matches(o.replaceAll("\\{[^}]+}", "[^/]+")))
        .findFirst();
  }
}
