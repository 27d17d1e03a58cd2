package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The query string's counterpart of {@link RequestBody#acceptOnly}: a misspelt parameter is an
 * error.
 */
final class QueryParameters {
  private QueryParameters() {}

  static void acceptOnly(RoutingContext ctx, Set<String> accepted) {
    ctx.queryParams().names().stream()
        .filter(name -> !accepted.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(
            name -> {
              throw new FacegateException(
                  ErrorCode.BAD_REQUEST,
                  "unknown query parameter '"
                      + name
                      + "'; this endpoint takes "
                      + String.join(", ", accepted.stream().sorted().toList()),
                  new JsonObject().put("field", name));
            });
  }
}
