package io.facegate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.Mosquitto;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT configured but no broker ever listening (runs without mosquitto): the server starts, answers
 * every verify, keeps a bounded queue, counts what it drops, and stops promptly without waiting for
 * a broker that is not there. Real server and models, as every TestServer test.
 */
@E2eTier
class EventsWithoutBrokerTest {
  static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");

  @TempDir Path dataDir;

  @Test
  void verifiesAnswerQueueStaysBoundedAndStopIsPrompt() {
    List<Throwable> leaked = new CopyOnWriteArrayList<>();
    TestServer server =
        TestServer.start(
            TestServer.config(dataDir)
                .with("mqtt_host", "127.0.0.1")
                .with("mqtt_port", Mosquitto.freePort())
                .with("events_queue_size", 3)
                .with("events_retry_initial_ms", 20)
                .with("events_retry_max_ms", 100)
                .with("events_flush_ms", 30_000));
    long stopMs;
    try {
      server.serverVertx().exceptionHandler(leaked::add);
      assertEquals(
          201,
          server
              .client(Role.ENROLL)
              .register("obama", TestPhotos.path("people/obama/obama.jpg"))
              .statusCode());
      ApiClient door = server.client(Role.VERIFY);
      for (int i = 0; i < 5; i++) {
        assertEquals(
            200,
            door.verify(
                    Map.of("mode", "auth", "username", "obama"),
                    "probe.jpg",
                    TestPhotos.read(OBAMA_PROBE))
                .statusCode());
      }
      assertEquals(
          0.0, EventInbox.metric(server, "facegate_events_sink_up{sink=\"mqtt\"}", n -> true));
      assertEquals(
          3.0, EventInbox.metric(server, "facegate_events_queued{sink=\"mqtt\"}", n -> n == 3));
      // The enrollment's people event and five door events into a queue of 3.
      assertEquals(
          3.0,
          EventInbox.metric(
              server,
              "facegate_events_total{outcome=\"dropped_queue_full\",sink=\"mqtt\"}",
              n -> n >= 3));
    } finally {
      long started = System.nanoTime();
      server.close();
      stopMs = (System.nanoTime() - started) / 1_000_000;
    }
    assertTrue(
        stopMs < 10_000,
        "no broker to flush to: stop does not wait out events_flush_ms, took " + stopMs + " ms");
    assertTrue(leaked.isEmpty(), "exceptions nothing handled on the server: " + leaked);
  }

  /**
   * A port that accepts TCP but never answers CONNECT: the client gives up after the timeout and
   * tries again.
   */
  @Test
  void aSilentBrokerIsAbandonedAndRetried() {
    Vertx outside = Vertx.vertx();
    try {
      Promise<Void> secondTry = Promise.promise();
      AtomicInteger accepted = new AtomicInteger();
      NetServer silent =
          TestServer.await(
              outside
                  .createNetServer()
                  .connectHandler(
                      socket -> {
                        socket.handler(ignored -> {}); // reads CONNECT, never sends CONNACK
                        if (accepted.incrementAndGet() == 2) {
                          secondTry.complete();
                        }
                      })
                  .listen(0, "127.0.0.1"));
      TestServer server =
          TestServer.start(
              TestServer.config(dataDir)
                  .with("mqtt_host", "127.0.0.1")
                  .with("mqtt_port", silent.actualPort())
                  .with("events_timeout_ms", 200)
                  .with("events_retry_initial_ms", 20)
                  .with("events_retry_max_ms", 100));
      try {
        TestServer.await(secondTry.future());
        assertEquals(
            0.0, EventInbox.metric(server, "facegate_events_sink_up{sink=\"mqtt\"}", n -> true));
      } finally {
        server.close();
      }
    } finally {
      TestServer.await(outside.close());
    }
  }
}
