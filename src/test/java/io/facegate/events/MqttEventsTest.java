package io.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.Mosquitto;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Door events through a REAL mosquitto broker started by the test (skipped without mosquitto,
 * failed with FACEGATE_REQUIRE_EXTERNAL=1), and a real facegate server with the real models, as
 * every other server test uses (TestServer): the decisions in the events are the pipeline's own.
 * The server reaches the broker through a {@link BrokerLink} the test can cut.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
@E2eTier
class MqttEventsTest {
  static final String PREFIX = "facegate-test/door";
  static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  static final Path BIDEN = TestPhotos.path("people/biden/biden.jpg");
  static final Set<String> PEOPLE_KEYS =
      Set.of("event_id", "event", "time", "username", "device", "seq", "photos", "request_id");
  static final int QUEUE = 2;

  @TempDir static Path dir;
  static Vertx outside;
  static Mosquitto broker;
  static BrokerLink link;
  static MqttClient subscriber;
  static TestServer server;
  static final EventInbox inbox = new EventInbox();
  static final List<Throwable> leaked = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    if (Mosquitto.locate().isEmpty()) {
      return; // each test is then skipped (or failed, under FACEGATE_REQUIRE_EXTERNAL=1) by
      // needsMosquitto
    }
    outside = Vertx.vertx();
    broker = Mosquitto.start(outside, Files.createDirectories(dir.resolve("broker")));
    link = BrokerLink.start(outside, broker.port());
    subscriber =
        MqttClient.create(outside, new MqttClientOptions().setClientId("facegate-test-subscriber"));
    subscriber.publishHandler(message -> inbox.add(message.topicName(), message.payload()));
    TestServer.await(subscriber.connect(broker.port(), "127.0.0.1"));
    Promise<Void> subscribed = Promise.promise();
    subscriber.subscribeCompletionHandler(ack -> subscribed.tryComplete());
    subscriber.subscribe(PREFIX + "/#", 1);
    TestServer.await(subscribed.future());

    server =
        TestServer.start(
            TestServer.config(Files.createDirectories(dir.resolve("data")))
                .with("mqtt_host", "127.0.0.1")
                .with("mqtt_port", link.port())
                .with("mqtt_topic_prefix", PREFIX)
                .with("events_queue_size", QUEUE)
                .with("events_retry_initial_ms", 50)
                .with("events_retry_max_ms", 200)
                .with("lockout_failures", 2));
    server.serverVertx().exceptionHandler(leaked::add);
    assertEquals(201, server.client(Role.ENROLL).register("obama", OBAMA).statusCode());
  }

  @AfterAll
  static void stop() {
    try {
      if (server != null) {
        server.close();
      }
      if (subscriber != null && subscriber.isConnected()) {
        TestServer.await(subscriber.disconnect());
      }
      if (link != null) {
        link.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (outside != null) {
        TestServer.await(outside.close());
      }
    }
  }

  @BeforeEach
  void needsMosquitto() {
    Mosquitto.require();
  }

  @AfterEach
  void nothingLeaked() {
    assertTrue(leaked.isEmpty(), "exceptions nothing handled on the server: " + leaked);
  }

  @Test
  void authAndIdDecisionsArePublishedAtQos1WithoutImageBytes(VertxTestContext test) {
    ApiClient door = server.client(Role.VERIFY);
    String matchId = EventInbox.newRequestId();
    String unknownId = EventInbox.newRequestId();
    Path stranger = TestPhotos.filesIn("people/" + TestPhotos.STRANGERS.get(0)).get(0);
    Instant before = Instant.now();

    Future<HttpResponse<Buffer>> matched =
        EventInbox.verify(door, matchId, Map.of("mode", "auth", "username", "obama"), OBAMA_PROBE);
    Future<Long> answeredAt = matched.map(r -> System.nanoTime());
    Future<HttpResponse<Buffer>> unknown =
        matched.compose(r -> EventInbox.verify(door, unknownId, Map.of("mode", "id"), stranger));
    Future.all(matched, answeredAt, inbox.first(matchId), unknown, inbox.first(unknownId))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          HttpResponse<Buffer> response = all.resultAt(0);
                          assertEquals(200, response.statusCode(), response.bodyAsString());
                          JsonObject answer = response.bodyAsJsonObject();
                          EventInbox.Delivery delivery = all.resultAt(2);
                          assertEquals(PREFIX + "/match", delivery.address());
                          EventInbox.assertNoImage(delivery.payload(), OBAMA_PROBE);
                          JsonObject event = delivery.event();
                          assertEquals("auth", event.getString("mode"));
                          assertEquals("match", event.getString("decision"));
                          assertEquals("obama", event.getString("username"));
                          assertEquals("tests", event.getString("device"), "the caller's JWT sub");
                          assertEquals(matchId, event.getString("request_id"));
                          assertEquals(answer.getDouble("score"), event.getDouble("score"));
                          assertEquals(
                              answer.getJsonObject("quality"), event.getJsonObject("quality"));
                          assertEquals(
                              answer.getJsonObject("liveness"), event.getJsonObject("liveness"));
                          assertTrue(
                              event.getString("time").endsWith("Z"),
                              "UTC: " + event.getString("time"));
                          Instant time = Instant.parse(event.getString("time"));
                          assertTrue(
                              !time.isBefore(before.minusSeconds(1))
                                  && time.isBefore(Instant.now().plusSeconds(1)),
                              "" + time);
                          assertTrue(event.getString("event_id").length() >= 32);

                          HttpResponse<Buffer> idResponse = all.resultAt(3);
                          assertEquals(200, idResponse.statusCode(), idResponse.bodyAsString());
                          EventInbox.Delivery nobody = all.resultAt(4);
                          assertEquals(PREFIX + "/unknown", nobody.address());
                          EventInbox.assertNoImage(nobody.payload(), stranger);
                          assertEquals("id", nobody.event().getString("mode"));
                          assertNull(nobody.event().getString("username"));
                          assertEquals(
                              idResponse.bodyAsJsonObject().getDouble("score"),
                              nobody.event().getDouble("score"));

                          long answered = all.resultAt(1);
                          long latencyMicros = (delivery.arrivedNanos() - answered) / 1_000;
                          System.out.printf(
                              "door event %s: verify answered -> event at the subscriber: %.1f ms%n",
                              delivery.payload(), latencyMicros / 1000.0);
                          test.completeNow();
                        })));
  }

  /** The events of one request, once {@code count} of them arrived (bounded: 30 s). */
  private static List<EventInbox.Delivery> events(String requestId, int count) throws Exception {
    for (int i = 0; i < 300 && inbox.all(requestId).size() < count; i++) {
      Thread.sleep(100);
    }
    assertEquals(count, inbox.all(requestId).size(), "events of " + requestId);
    return inbox.all(requestId);
  }

  private static void assertPeopleEvent(
      EventInbox.Delivery delivery, String event, String username, Integer photos) {
    assertEquals(PREFIX + "/people/" + event, delivery.address());
    JsonObject json = delivery.event();
    assertEquals(PEOPLE_KEYS, json.fieldNames(), json.encode());
    assertEquals(event, json.getString("event"));
    assertEquals(username, json.getString("username"));
    assertEquals("tests", json.getString("device"), "the caller's JWT sub");
    assertNull(json.getValue("seq"), "a standalone server has no gallery seq");
    assertEquals(photos, json.getInteger("photos"));
    assertTrue(Instant.parse(json.getString("time")).isBefore(Instant.now().plusSeconds(1)));
    assertTrue(delivery.payload().length() < 512, "names and counts only, no embedding");
  }

  @Test
  void enrolledLockedAndDeletedPeopleArePublishedUnderPeople() throws Exception {
    ApiClient admin = server.client(Role.ADMIN);
    String enrollId = EventInbox.newRequestId();
    HttpResponse<Buffer> enrolled =
        TestServer.await(
            admin
                .request(HttpMethod.POST, "/register")
                .putHeader("X-Request-Id", enrollId)
                .sendJsonObject(
                    new JsonObject()
                        .put("username", "biden")
                        .put(
                            "images",
                            new JsonArray()
                                .add(Base64.getEncoder().encodeToString(TestPhotos.read(BIDEN))))));
    assertEquals(201, enrolled.statusCode(), enrolled.bodyAsString());
    EventInbox.Delivery enrollment = events(enrollId, 1).get(0);
    assertPeopleEvent(enrollment, "enrolled", "biden", 1);
    EventInbox.assertNoImageBytes(enrollment.payload(), BIDEN);

    // lockout_failures is 2: the first failure is a door event only, the second one locks too.
    String firstFailure = EventInbox.newRequestId();
    TestServer.await(
        EventInbox.verify(
            admin, firstFailure, Map.of("mode", "auth", "username", "biden"), OBAMA_PROBE));
    assertEquals(PREFIX + "/no_match", events(firstFailure, 1).get(0).address());
    String locking = EventInbox.newRequestId();
    TestServer.await(
        EventInbox.verify(
            admin, locking, Map.of("mode", "auth", "username", "biden"), OBAMA_PROBE));
    List<EventInbox.Delivery> both = events(locking, 2);
    EventInbox.Delivery locked =
        both.stream().filter(d -> d.address().contains("/people/")).findFirst().orElseThrow();
    assertPeopleEvent(locked, "locked", "biden", null);
    assertTrue(both.stream().anyMatch(d -> d.address().equals(PREFIX + "/no_match")));

    String deleteId = EventInbox.newRequestId();
    assertEquals(
        204,
        TestServer.await(
                admin
                    .request(HttpMethod.DELETE, "/users/biden")
                    .putHeader("X-Request-Id", deleteId)
                    .send())
            .statusCode());
    assertPeopleEvent(events(deleteId, 1).get(0), "deleted", "biden", null);
  }

  @Test
  void brokerGoneVerifiesStillAnswerEventsQueueBoundedThenFlowAgain(VertxTestContext test) {
    ApiClient door = server.client(Role.VERIFY);
    double droppedBefore =
        EventInbox.metric(
            server,
            "facegate_events_total{outcome=\"dropped_queue_full\",sink=\"mqtt\"}",
            v -> true);
    link.cut();
    EventInbox.metric(server, "facegate_events_sink_up{sink=\"mqtt\"}", v -> v == 0);

    List<String> ids =
        List.of(
            EventInbox.newRequestId(),
            EventInbox.newRequestId(),
            EventInbox.newRequestId(),
            EventInbox.newRequestId());
    for (String id : ids) {
      HttpResponse<Buffer> response =
          TestServer.await(
              EventInbox.verify(
                  door, id, Map.of("mode", "auth", "username", "obama"), OBAMA_PROBE));
      assertEquals(200, response.statusCode(), "verifies are answered while the broker is away");
    }
    // Bounded: QUEUE events wait, the oldest others were dropped and counted.
    assertEquals(
        QUEUE, EventInbox.metric(server, "facegate_events_queued{sink=\"mqtt\"}", v -> v == QUEUE));
    assertEquals(
        droppedBefore + ids.size() - QUEUE,
        EventInbox.metric(
            server,
            "facegate_events_total{outcome=\"dropped_queue_full\",sink=\"mqtt\"}",
            v -> v >= droppedBefore + ids.size() - QUEUE));

    link.restore(); // the publisher reconnects with backoff and sends what waited, in order
    String newest = ids.get(ids.size() - 1);
    Future.all(inbox.first(ids.get(2)), inbox.first(newest))
        .onComplete(
            test.succeeding(
                all ->
                    test.verify(
                        () -> {
                          assertEquals(
                              "match", inbox.first(newest).result().event().getString("decision"));
                          assertTrue(
                              inbox.all(ids.get(0)).isEmpty() && inbox.all(ids.get(1)).isEmpty(),
                              "the two oldest were dropped when the queue was full");
                          test.completeNow();
                        })));
  }
}
