package io.facegate.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A self-contained page from the jar (one inline style, one inline script, no build step) served
 * with a Content-Security-Policy that lets only those two run and only this server be fetched.
 */
final class HtmlPage implements Handler<RoutingContext> {
  private final Buffer page;
  private final String policy;

  HtmlPage(String resource, String extraPolicy) {
    String text = new String(Resources.read(resource), StandardCharsets.UTF_8);
    this.page = Buffer.buffer(text);
    this.policy =
        "default-src 'none'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'none'; style-src "
            + inlineHash(text, "style")
            + "; script-src "
            + inlineHash(text, "script")
            + extraPolicy;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Content-Security-Policy", policy)
        .end(page);
  }

  /** The CSP source for the page's single inline {@code <tag>} element. */
  private static String inlineHash(String text, String tag) {
    int start = text.indexOf('>', text.indexOf("<" + tag)) + 1;
    String content = text.substring(start, text.indexOf("</" + tag + ">", start));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
