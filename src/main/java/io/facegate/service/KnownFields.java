package io.facegate.service;

import io.vertx.core.json.JsonObject;
import java.util.Set;

/** A JSON body's keys checked against what a request takes, so a typo is refused, never ignored. */
final class KnownFields {
  private KnownFields() {}

  /**
   * 400 BAD_REQUEST naming the first unknown key (in name order) and listing what {@code owner}
   * takes.
   */
  static void require(JsonObject body, Set<String> fields, String owner) {
    body.fieldNames().stream()
        .filter(k -> !fields.contains(k))
        .sorted()
        .findFirst()
        .ifPresent(
            k -> {
              throw new FacegateException(
                  ErrorCode.BAD_REQUEST,
                  "unknown field '"
                      + k
                      + "'; "
                      + owner
                      + " "
                      + String.join(", ", fields.stream().sorted().toList()),
                  new JsonObject().put("field", k));
            });
  }
}
