package io.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.ApiClient;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.DoublePredicate;

/**
 * Door events as a receiver (the MQTT subscriber or the webhook server) got them, keyed by the
 * request id the test gave the verify; with the helpers both transports' tests share.
 */
final class EventInbox {
  static final Set<String> KEYS =
      Set.of(
          "event_id",
          "time",
          "device",
          "mode",
          "decision",
          "username",
          "score",
          "quality",
          "liveness",
          "request_id");

  /**
   * One delivery: where it came in (MQTT topic or webhook path), the raw payload, and when
   * (System.nanoTime).
   */
  record Delivery(String address, Buffer payload, long arrivedNanos) {
    JsonObject event() {
      return payload.toJsonObject();
    }
  }

  private final Map<String, List<Delivery>> arrived = new HashMap<>();
  private final Map<String, Promise<Delivery>> waiting = new HashMap<>();

  synchronized void add(String address, Buffer payload) {
    Delivery delivery = new Delivery(address, payload, System.nanoTime());
    String requestId = delivery.event().getString("request_id");
    arrived.computeIfAbsent(requestId, k -> new ArrayList<>()).add(delivery);
    Promise<Delivery> promise = waiting.remove(requestId);
    if (promise != null) {
      promise.complete(delivery);
    }
  }

  /** The first event for this request id, now or when it comes. */
  synchronized Future<Delivery> first(String requestId) {
    List<Delivery> got = arrived.get(requestId);
    if (got != null) {
      return Future.succeededFuture(got.get(0));
    }
    return waiting.computeIfAbsent(requestId, k -> Promise.promise()).future();
  }

  synchronized List<Delivery> all(String requestId) {
    return List.copyOf(arrived.getOrDefault(requestId, List.of()));
  }

  static String newRequestId() {
    return "door-test-" + UUID.randomUUID();
  }

  /** A /verify sent with our own X-Request-Id, so its event can be told apart. */
  static Future<HttpResponse<Buffer>> verify(
      ApiClient client, String requestId, Map<String, String> fields, Path photo) {
    MultipartForm form = MultipartForm.create();
    fields.forEach(form::attribute);
    form.binaryFileUpload(
        "image",
        photo.getFileName().toString(),
        Buffer.buffer(TestPhotos.read(photo)),
        "image/jpeg");
    return client
        .request(HttpMethod.POST, "/verify")
        .putHeader("X-Request-Id", requestId)
        .sendMultipartForm(form);
  }

  /**
   * The event carries exactly the documented keys and nothing of the photo: no JPEG bytes, no
   * base64 of it, and it is far smaller than the photo.
   */
  static void assertNoImage(Buffer payload, Path photo) {
    assertEquals(KEYS, payload.toJsonObject().fieldNames(), payload.toString());
    assertTrue(payload.length() < 2048, "an event is small: " + payload.length() + " bytes");
    assertNoImageBytes(payload, photo);
  }

  /** Nothing of the photo: no JPEG bytes, no base64 of it. */
  static void assertNoImageBytes(Buffer payload, Path photo) {
    byte[] image = TestPhotos.read(photo);
    String text = payload.toString();
    assertFalse(text.contains("/9j/"), "no base64 JPEG in the event");
    String base64 = Base64.getEncoder().encodeToString(image);
    for (int at = 0; at + 32 <= base64.length(); at += base64.length() / 16) {
      assertFalse(
          text.contains(base64.substring(at, at + 32)), "no base64 of the photo in the event");
    }
    byte[] bytes = payload.getBytes();
    for (int i = 0; i + 2 < bytes.length; i++) {
      assertFalse(
          bytes[i] == (byte) 0xFF && bytes[i + 1] == (byte) 0xD8 && bytes[i + 2] == (byte) 0xFF,
          "no JPEG start-of-image marker in the event");
    }
  }

  /**
   * The value of one series of /metrics, e.g. {@code facegate_events_queued{sink="mqtt"}} (labels
   * in Prometheus order), asked until {@code until} holds: events settle after the response.
   * Bounded by 30 s, and each try is a real scrape, not a sleep.
   */
  static double metric(TestServer server, String series, DoublePredicate until) {
    return TestServer.await(metricWhen(server, series, until));
  }

  /** {@link #metric} without blocking, for use inside Vert.x callbacks. */
  static Future<Double> metricWhen(TestServer server, String series, DoublePredicate until) {
    return scrapeUntil(server, series, until, System.currentTimeMillis() + 30_000);
  }

  private static Future<Double> scrapeUntil(
      TestServer server, String series, DoublePredicate until, long deadline) {
    return server
        .client()
        .request(HttpMethod.GET, "/metrics")
        .send()
        .compose(
            scrape -> {
              String line =
                  scrape
                      .bodyAsString()
                      .lines()
                      .filter(l -> l.startsWith(series + " "))
                      .findFirst()
                      .orElse(null);
              if (line == null) {
                return Future.failedFuture(new AssertionError(series + " is not in /metrics"));
              }
              double value = Double.parseDouble(line.substring(series.length() + 1).trim());
              return until.test(value) || System.currentTimeMillis() > deadline
                  ? Future.succeededFuture(value)
                  : scrapeUntil(server, series, until, deadline);
            });
  }
}
