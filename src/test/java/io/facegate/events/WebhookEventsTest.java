package io.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.config.FacegateConfig;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Door events to a webhook: a Vert.x HttpServer in the test is the receiver, the facegate server is
 * real (real models, as every TestServer test). Each test sets how the receiver behaves.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
@E2eTier
class WebhookEventsTest {
  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  static final Map<String, String> AUTH_OBAMA = Map.of("mode", "auth", "username", "obama");
  static final String AUTHORIZATION = "Bearer receiver-token";
  static final String HMAC_SECRET = "webhook-signing-secret";

  @TempDir Path dataDir;
  Vertx outside;
  HttpServer receiver;
  final EventInbox inbox = new EventInbox();
  final List<HttpServerRequest> requests = new CopyOnWriteArrayList<>();
  final List<Throwable> leaked = new CopyOnWriteArrayList<>();

  /** What the receiver does once it has recorded a request (with its body) in the inbox. */
  volatile Handler<HttpServerRequest> answer =
      request -> request.response().setStatusCode(204).end();

  TestServer server;

  @BeforeEach
  void receiver() {
    outside = Vertx.vertx();
    receiver =
        TestServer.await(
            outside
                .createHttpServer()
                .requestHandler(
                    request -> {
                      requests.add(request);
                      request
                          .body()
                          .onSuccess(
                              body -> {
                                inbox.add(request.path(), body);
                                answer.handle(request);
                              });
                    })
                .listen(0, "127.0.0.1"));
  }

  /**
   * A server posting to the receiver, with obama enrolled; the enrollment's own people event is
   * delivered (counted once in {@code delivered}) and forgotten before the test's requests.
   */
  private TestServer start(FacegateConfig tuned) {
    server =
        TestServer.start(
            tuned.with("webhook_url", "http://127.0.0.1:" + receiver.actualPort() + "/door"));
    server.serverVertx().exceptionHandler(leaked::add);
    assertEquals(201, server.client(Role.ENROLL).register("obama", OBAMA).statusCode());
    EventInbox.metric(server, series("delivered"), n -> n >= 1);
    requests.clear();
    return server;
  }

  private FacegateConfig config() {
    return TestServer.config(dataDir)
        .with("events_retry_initial_ms", 50)
        .with("events_retry_max_ms", 400);
  }

  @AfterEach
  void stop() {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      TestServer.await(outside.close());
    }
    assertTrue(leaked.isEmpty(), "exceptions nothing handled on the server: " + leaked);
  }

  private static String series(String outcome) {
    return "facegate_events_total{outcome=\"" + outcome + "\",sink=\"webhook\"}";
  }

  @Test
  void postsTheEventWithAuthorizationAndSignature(VertxTestContext test) {
    start(
        config()
            .with("webhook_authorization", AUTHORIZATION)
            .with("webhook_hmac_secret", HMAC_SECRET));
    String id = EventInbox.newRequestId();
    Future<HttpResponse<Buffer>> verified =
        EventInbox.verify(server.client(Role.VERIFY), id, AUTH_OBAMA, OBAMA_PROBE);
    Future.all(verified, inbox.first(id))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> response = all.resultAt(0);
                          assertEquals(200, response.statusCode());
                          EventInbox.Delivery delivery = all.resultAt(1);
                          HttpServerRequest request = requests.get(0);
                          assertEquals("POST", request.method().name());
                          assertEquals("/door", delivery.address());
                          assertEquals("application/json", request.getHeader("Content-Type"));
                          assertEquals(AUTHORIZATION, request.getHeader("Authorization"));
                          Mac mac = Mac.getInstance("HmacSHA256");
                          mac.init(
                              new SecretKeySpec(
                                  HMAC_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                          assertEquals(
                              "sha256="
                                  + HexFormat.of()
                                      .formatHex(mac.doFinal(delivery.payload().getBytes())),
                              request.getHeader("X-Facegate-Signature"),
                              "HMAC-SHA256 of the exact body");
                          EventInbox.assertNoImage(delivery.payload(), OBAMA_PROBE);
                          JsonObject event = delivery.event();
                          assertEquals("match", event.getString("decision"));
                          assertEquals("obama", event.getString("username"));
                          assertEquals("tests", event.getString("device"));
                          assertEquals(
                              response.bodyAsJsonObject().getDouble("score"),
                              event.getDouble("score"));
                          test.completeNow();
                        })));
  }

  /**
   * A match a device's policy refuses is announced as denied, without the score the door was not
   * shown.
   */
  @Test
  void aMatchTheDoorPolicyRefusesIsADeniedEvent(VertxTestContext test) {
    start(config());
    HttpResponse<Buffer> created =
        TestServer.await(
            server
                .client(Role.ADMIN)
                .request(HttpMethod.POST, "/devices")
                .sendJsonObject(
                    new JsonObject()
                        .put("id", "door-9")
                        .put("allowed_groups", new JsonArray().add("staff"))));
    assertEquals(201, created.statusCode(), created.bodyAsString());
    ApiClient door = server.clientWithToken(created.bodyAsJsonObject().getString("token"));
    String id = EventInbox.newRequestId();
    Future.all(EventInbox.verify(door, id, AUTH_OBAMA, OBAMA_PROBE), inbox.first(id))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> response = all.resultAt(0);
                          assertEquals(
                              "not_allowed_here",
                              response.bodyAsJsonObject().getString("denied"),
                              response.bodyAsString());
                          JsonObject event = ((EventInbox.Delivery) all.resultAt(1)).event();
                          assertEquals("denied", event.getString("decision"));
                          assertEquals("door-9", event.getString("device"));
                          assertNull(event.getValue("score"));
                          test.completeNow();
                        })));
  }

  @Test
  void failedAttemptsAreRetriedWithBackoffUntilDelivered(VertxTestContext test) {
    start(config());
    AtomicInteger calls = new AtomicInteger();
    answer =
        request -> request.response().setStatusCode(calls.incrementAndGet() <= 2 ? 500 : 200).end();
    String id = EventInbox.newRequestId();
    Promise<Void> thirdCall = Promise.promise();
    Handler<HttpServerRequest> counting = answer;
    answer =
        request -> {
          counting.handle(request);
          if (calls.get() == 3) {
            thirdCall.tryComplete();
          }
        };
    assertEquals(
        200,
        TestServer.await(EventInbox.verify(server.client(Role.VERIFY), id, AUTH_OBAMA, OBAMA_PROBE))
            .statusCode());
    Future<Double> delivered =
        thirdCall
            .future()
            .compose(v -> EventInbox.metricWhen(server, series("delivered"), n -> n >= 2));
    Future.all(
            delivered,
            delivered.compose(
                v -> EventInbox.metricWhen(server, series("dropped_failed"), n -> true)))
        .onComplete(
            test.succeeding(
                counts ->
                    test.verify(
                        () -> {
                          List<EventInbox.Delivery> attempts = inbox.all(id);
                          assertEquals(3, attempts.size(), "two 500s, then delivered");
                          assertEquals(
                              1,
                              attempts.stream()
                                  .map(d -> d.event().getString("event_id"))
                                  .distinct()
                                  .count(),
                              "the same event each time, so the receiver can drop repeats");
                          // Timers never fire early: the gaps are at least the configured backoff,
                          // doubled the second time.
                          assertTrue(
                              attempts.get(1).arrivedNanos() - attempts.get(0).arrivedNanos()
                                  >= 50_000_000L);
                          assertTrue(
                              attempts.get(2).arrivedNanos() - attempts.get(1).arrivedNanos()
                                  >= 100_000_000L);
                          assertEquals(
                              2.0, (double) counts.resultAt(0), "the enrollment's and this one");
                          assertEquals(0.0, (double) counts.resultAt(1));
                          test.completeNow();
                        })));
  }

  @Test
  void aFullQueueDropsTheOldestAndCountsIt(VertxTestContext test) {
    start(config().with("events_queue_size", 1).with("events_timeout_ms", 30_000));
    Map<String, HttpServerRequest> held = new ConcurrentHashMap<>();
    Promise<Void> firstHeld = Promise.promise();
    answer =
        request -> {
          held.put("first", request); // not answered until the test says so
          firstHeld.tryComplete();
        };
    ApiClient door = server.client(Role.VERIFY);
    List<String> ids =
        List.of(
            EventInbox.newRequestId(),
            EventInbox.newRequestId(),
            EventInbox.newRequestId(),
            EventInbox.newRequestId());
    assertEquals(
        200,
        TestServer.await(EventInbox.verify(door, ids.get(0), AUTH_OBAMA, OBAMA_PROBE))
            .statusCode());
    TestServer.await(firstHeld.future()); // the first event is in flight, held by the receiver
    answer = request -> request.response().setStatusCode(204).end();
    for (String id : ids.subList(1, ids.size())) {
      assertEquals(
          200, TestServer.await(EventInbox.verify(door, id, AUTH_OBAMA, OBAMA_PROBE)).statusCode());
    }
    // A queue of one behind the event in flight: of the next three, the two oldest were dropped.
    assertEquals(2.0, EventInbox.metric(server, series("dropped_queue_full"), n -> n >= 2));
    assertEquals(
        2.0, EventInbox.metric(server, "facegate_events_queued{sink=\"webhook\"}", n -> n == 2));
    held.get("first").response().setStatusCode(200).end();
    inbox
        .first(ids.get(3))
        .compose(last -> EventInbox.metricWhen(server, series("delivered"), n -> n >= 3))
        .onComplete(
            test.succeeding(
                delivered ->
                    test.verify(
                        () -> {
                          assertTrue(
                              inbox.all(ids.get(1)).isEmpty() && inbox.all(ids.get(2)).isEmpty(),
                              "dropped, never sent");
                          assertEquals(3.0, delivered, "the enrollment's, first, last");
                          test.completeNow();
                        })));
  }

  @Test
  void aHungReceiverTimesOutAndTheServerStaysResponsive(VertxTestContext test) {
    start(config().with("events_timeout_ms", 300).with("events_max_attempts", 2));
    answer = request -> {}; // never answers
    String id = EventInbox.newRequestId();
    ApiClient door = server.client(Role.VERIFY);
    long started = System.nanoTime();
    assertEquals(
        200, TestServer.await(EventInbox.verify(door, id, AUTH_OBAMA, OBAMA_PROBE)).statusCode());
    // While the receiver holds the attempts, the server answers as usual.
    assertEquals(
        200,
        TestServer.await(
                EventInbox.verify(door, EventInbox.newRequestId(), AUTH_OBAMA, OBAMA_PROBE))
            .statusCode());
    assertEquals(200, door.get("/healthz").statusCode());
    double failed = EventInbox.metric(server, series("dropped_failed"), n -> n >= 2);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    test.verify(
        () -> {
          assertEquals(2.0, failed, "both events gave up after 2 timed-out attempts");
          assertEquals(2, inbox.all(id).size(), "attempts are capped");
          assertTrue(tookMs >= 2 * 300, "each attempt waited the timeout: " + tookMs + " ms");
          test.completeNow();
        });
  }
}
