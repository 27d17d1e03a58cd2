package io.facegate.http;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.events.EventPublisher;
import io.facegate.index.FaceIndex;
import io.facegate.service.Capture;
import io.facegate.service.Doors;
import io.facegate.service.FaceService;
import io.facegate.service.IdThresholdSource;
import io.facegate.service.InferencePool;
import io.facegate.service.LivenessCheck;
import io.facegate.service.LivenessMode;
import io.facegate.service.Lockout;
import io.facegate.service.Thresholds;
import io.facegate.store.Database;
import io.facegate.store.DeviceStore;
import io.facegate.store.PeopleStore;
import io.facegate.testing.ApiClient;
import io.facegate.testing.FakeFaceReader;
import io.facegate.testing.FastTier;
import io.facegate.testing.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-request time bound on decoding and inference, through the real router with scripted
 * photos (no models): a photo that reads longer than the bound is answered 503 TIMED_OUT, holds its
 * inference slot until its work ends, stores nothing, and the next request is served.
 */
@FastTier
class InferenceTimeoutTest {
  static final Duration BOUND = Duration.ofMillis(1000);
  static final Duration SLOW = Duration.ofMillis(1500);

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final FakeFaceReader photos = new FakeFaceReader();
  private final InferenceGate gate = new InferenceGate(1, 0);
  private Database db;
  private FaceService service;
  private ApiClient client;

  @BeforeEach
  void start() {
    db = await(Database.open(vertx, dir));
    FaceIndex index = new FaceIndex(FakeFaceReader.DIMENSION);
    Clock clock = Clock.systemUTC();
    service =
        new FaceService(
            photos,
            new InferencePool(vertx.createSharedWorkerExecutor("test-inference", 1), BOUND),
            new PeopleStore(db),
            index,
            new Thresholds(0.5, 0.6, 0.01, 0.1, LivenessMode.OFF, 0.2, Double.NaN),
            IdThresholdSource.pinned(0.6, index),
            new Lockout(0, Duration.ofMinutes(5), clock),
            await(Doors.load(new DeviceStore(db), clock)),
            new LivenessCheck(LivenessMode.OFF, 0.2, 2, Duration.ofSeconds(15), clock));
    TokenService tokens = new TokenService(vertx, TestServer.SECRET, "HS256", "facegate");
    var router =
        ApiRouter.create(
            vertx,
            () -> service,
            tokens,
            new BodyReader(1 << 20, 10, 8192, 64),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new RequestGuards(new RateLimiter(0, 0, clock), () -> null, clock, List.of(), gate),
            EventPublisher.NONE);
    int port = await(vertx.createHttpServer().requestHandler(router).listen(0)).actualPort();
    client =
        new ApiClient(
            vertx,
            port,
            tokens.issue(List.of(Role.ADMIN, Role.VERIFY), "tests", Duration.ofHours(1)));
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));
  }

  @AfterEach
  void stop() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void aVerificationOverTheBoundIsTimedOutAndTheNextOneIsServed() {
    long start = System.nanoTime();
    HttpResponse<Buffer> slow =
        client.verify(
            Map.of("mode", "auth", "username", "ann"),
            "slow.jpg",
            photos.slowFace("slow", SLOW, 1, 0, 0, 0));
    long tookMs = (System.nanoTime() - start) / 1_000_000;
    assertTimedOut(slow);
    assertTrue(tookMs >= SLOW.toMillis(), "answered when the work ended, after " + tookMs + " ms");
    assertEquals(0, gate.inFlight(), "the slot came back with the answer");
    assertEquals(1, service.timedOut());

    HttpResponse<Buffer> next =
        client.verify(
            Map.of("mode", "auth", "username", "ann"),
            "ann.jpg",
            photos.face("ann-again", 1, 0, 0, 0));
    assertEquals(200, next.statusCode(), next.bodyAsString());
    assertTrue(next.bodyAsJsonObject().getBoolean("match"));
  }

  @Test
  void anEnrollmentOverTheBoundStoresNothing() {
    MultipartForm form =
        MultipartForm.create()
            .attribute("username", "bob")
            .binaryFileUpload(
                "images",
                "bob.jpg",
                Buffer.buffer(photos.slowFace("bob", SLOW, 0, 1, 0, 0)),
                "image/jpeg");
    assertTimedOut(await(client.request(HttpMethod.POST, "/register").sendMultipartForm(form)));
    assertEquals(404, client.get("/users/bob").statusCode(), "bob was not enrolled");
    assertFalse(service.indexedPeople() > 1, "the index holds ann only");
  }

  @Test
  void workWhoseBoundPassedWhileQueuedIsRefusedWithoutHoldingUpLaterWork() {
    var slow =
        service.authenticate("ann", Capture.image(photos.slowFace("slow", SLOW, 1, 0, 0, 0)), null);
    var queued =
        service.authenticate("ann", Capture.image(photos.face("queued", 1, 0, 0, 0)), null);
    assertEquals("TIMED_OUT", failure(slow));
    assertEquals("TIMED_OUT", failure(queued), "its bound passed while it waited for the worker");
    assertTrue(
        await(service.authenticate("ann", Capture.image(photos.face("later", 1, 0, 0, 0)), null))
            .match());
  }

  private static String failure(io.vertx.core.Future<?> future) {
    try {
      await(future);
      return "succeeded";
    } catch (io.facegate.service.FacegateException e) {
      return e.code().name();
    }
  }

  private static void assertTimedOut(HttpResponse<Buffer> response) {
    assertEquals(503, response.statusCode(), response.bodyAsString());
    JsonObject body = response.bodyAsJsonObject();
    assertEquals("TIMED_OUT", body.getString("error"));
    assertTrue(body.getString("message").contains(BOUND.toMillis() + " ms"), body.encode());
    assertEquals("1", response.getHeader("Retry-After"));
  }
}
