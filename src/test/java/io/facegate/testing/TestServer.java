package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.app.FacegateServer;
import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real facegate server (real models, real SQLite) on a free port and a temp data dir, with a
 * separate Vert.x for its clients and a watch that fails {@link #close()} if an event loop blocked.
 */
public final class TestServer implements AutoCloseable {
  public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";
  private static final long TIMEOUT_S = 120;

  private final FacegateConfig config;
  private final FacegateServer server;
  private final Vertx clients = Vertx.vertx();
  private final BlockedThreadWatch watch;

  private TestServer(FacegateConfig config, FacegateServer server, BlockedThreadWatch watch) {
    this.config = config;
    this.server = server;
    this.watch = watch;
  }

  public static FacegateConfig config(Path dataDir) {
    return Models.defaults()
        .with("port", 0)
        .with("host", "127.0.0.1")
        .with("data_dir", dataDir.toString())
        .with("jwt_secret", SECRET);
  }

  public static TestServer start(Path dataDir) {
    return start(config(dataDir));
  }

  public static TestServer start(FacegateConfig config) {
    return start(config, Clock.systemUTC());
  }

  /**
   * Started with obama enrolled from people/obama/obama.jpg: the gallery the overload tests probe.
   */
  public static TestServer startWithObama(FacegateConfig config) {
    TestServer server = start(config);
    assertEquals(
        201,
        server
            .client(Role.ADMIN)
            .register("obama", TestPhotos.path("people/obama/obama.jpg"))
            .statusCode());
    return server;
  }

  /**
   * With a clock the test controls (see {@link TestClock}) for rate limits, lockouts and audit
   * times.
   */
  public static TestServer start(FacegateConfig config, Clock clock) {
    BlockedThreadWatch watch = new BlockedThreadWatch();
    FacegateServer server = await(FacegateServer.start(config, clock));
    await(server.ready());
    return new TestServer(config, server, watch);
  }

  public int port() {
    return server.port();
  }

  public FacegateConfig config() {
    return config;
  }

  public String token(Role... roles) {
    return new TokenService(
            server.vertx(), SECRET, config.security().jwtAlgorithm(), config.security().jwtIssuer())
        .issue(List.of(roles), "tests", Duration.ofHours(1));
  }

  public ApiClient client(Role... roles) {
    return new ApiClient(clients, port(), token(roles));
  }

  /** A client sending the given raw bearer token, or none when null. */
  public ApiClient clientWithToken(String token) {
    return new ApiClient(clients, port(), token);
  }

  /** The server's own Vert.x instance (e.g. to watch for exceptions nothing handled). */
  public Vertx serverVertx() {
    return server.vertx();
  }

  /** The Vert.x instance the clients run on (not the server's). */
  public Vertx clientVertx() {
    return clients;
  }

  /** Tests block their own (non-Vert.x) thread on results; bounded so a hang fails instead. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no answer within " + TIMEOUT_S + " s", e);
    }
  }

  @Override
  public void close() {
    await(server.close());
    await(clients.close());
    try {
      watch.assertNoBlockedEventLoop();
    } finally {
      watch.close();
    }
  }
}
