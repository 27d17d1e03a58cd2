package io.facegate.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Door events POSTed as JSON to a webhook URL. Any 2xx is delivered; anything else (another status,
 * a refused connection, no bytes for the timeout) is a failed attempt, retried with backoff, so a
 * receiver can see an event more than once and should drop repeats by {@code event_id}.
 *
 * <p>Optional headers: {@code Authorization} with the configured value as is, and {@code
 * X-Facegate-Signature: sha256=<hex HMAC-SHA256 of the body>} with the configured secret.
 */
final class WebhookEventPublisher extends QueuedEventPublisher {
  static final String SIGNATURE_HEADER = "X-Facegate-Signature";
  private static final String HMAC = "HmacSHA256";

  /** Empty {@code authorization} or {@code hmacSecret}: that header is not sent. */
  record Target(String url, String authorization, String hmacSecret) {
    Target {
      URI uri;
      try {
        uri = URI.create(url.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("webhook_url is not a URL: " + e.getMessage(), e);
      }
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "webhook_url must be an absolute http:// or https:// URL");
      }
      url = uri.toString();
    }

    /**
     * Failure messages name the request URI; a token in the URL's query must not reach the log with
     * them.
     */
    String redact(String message) {
      String query = URI.create(url).getRawQuery();
      return query == null || query.isEmpty() ? message : message.replace(query, "<query>");
    }
  }

  private final Target target;
  private final HttpClient http;

  WebhookEventPublisher(
      Vertx vertx, Target target, DeliverySettings settings, MeterRegistry registry) {
    super(vertx, "webhook", settings, registry);
    this.target = target;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.timeoutMs())));
  }

  @Override
  protected boolean ready() {
    return true;
  }

  @Override
  protected Future<Void> deliver(Event event) {
    Buffer body = event.toBuffer();
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(target.url())
            .putHeader("Content-Type", "application/json")
            // No bytes from the receiver for this long fails the attempt: a hung receiver costs a
            // timeout, not the queue.
            .setConnectTimeout(settings.timeoutMs())
            .setIdleTimeout(settings.timeoutMs());
    if (!target.authorization().isEmpty()) {
      request.putHeader("Authorization", target.authorization());
    }
    if (!target.hmacSecret().isEmpty()) {
      request.putHeader(
          SIGNATURE_HEADER, "sha256=" + signature(target.hmacSecret(), body.getBytes()));
    }
    return http.request(request)
        .compose(req -> req.send(body))
        .<Void>compose(
            response -> {
              response.handler(ignored -> {}); // the receiver's answer body is read and dropped
              return response
                  .end()
                  .compose(
                      v ->
                          response.statusCode() / 100 == 2
                              ? Future.<Void>succeededFuture()
                              : Future.<Void>failedFuture(
                                  "webhook answered " + response.statusCode()));
            })
        .recover(e -> Future.failedFuture(target.redact(String.valueOf(e.getMessage()))));
  }

  static String signature(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), HMAC));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is part of every JRE", e);
    }
  }

  @Override
  protected Future<Void> closeTransport() {
    return http.close();
  }
}
