package io.facegate.http;

import io.vertx.ext.web.RoutingContext;

/** Headers that keep browsers from sniffing, framing, caching or leaking what the API returns. */
final class SecurityHeaders {
  private SecurityHeaders() {}

  static void apply(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Referrer-Policy", "no-referrer")
        // Responses name people and carry scores: no proxy or browser may keep them.
        .putHeader("Cache-Control", "no-store");
    // JSON never needs to load anything; decided once the handler has set the content type.
    ctx.addHeadersEndHandler(
        v -> {
          String type = ctx.response().headers().get("Content-Type");
          if (type != null && type.startsWith("application/json")) {
            ctx.response()
                .putHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
          }
        });
    ctx.next();
  }
}
