package io.facegate.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * GET /openapi.json: the hand-written OpenAPI document ({@code src/main/resources/openapi.json}; OpenApiTest
 * fails when it and the router disagree). GET /docs: a self-contained page that renders it.
 */
final class OpenApiDocs {
  private static final Buffer DOCUMENT = Buffer.buffer(resource("/openapi.json"));
  private static final String PAGE_TEXT = new String(resource("/docs.html"), StandardCharsets.UTF_8);
  private static final Buffer PAGE = Buffer.buffer(PAGE_TEXT);
  /** Only the page's own inline style and script run, and it may only fetch from this server. */
  private static final String PAGE_POLICY = "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; "
      + "base-uri 'none'; form-action 'none'; style-src " + inlineHash("style") + "; script-src " + inlineHash("script");

  private OpenApiDocs() {
  }

  static void document(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(DOCUMENT);
  }

  static void page(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", PAGE_POLICY).end(PAGE);
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpenApiDocs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CSP source for the page's single inline {@code <tag>} element. */
  private static String inlineHash(String tag) {
    int start = PAGE_TEXT.indexOf('>', PAGE_TEXT.indexOf("<" + tag)) + 1;
    String content = PAGE_TEXT.substring(start, PAGE_TEXT.indexOf("</" + tag + ">", start));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
