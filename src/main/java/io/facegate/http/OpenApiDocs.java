package io.facegate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * GET /openapi.json: the hand-written OpenAPI document ({@code src/main/resources/openapi.json};
 * OpenApiTest fails when it and the router disagree). GET /docs: a self-contained page that renders
 * it.
 */
final class OpenApiDocs {
  private static final Buffer DOCUMENT = Buffer.buffer(Resources.read("/openapi.json"));
  static final HtmlPage PAGE = new HtmlPage("/docs.html", "");

  private OpenApiDocs() {}

  static void document(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(DOCUMENT);
  }
}
