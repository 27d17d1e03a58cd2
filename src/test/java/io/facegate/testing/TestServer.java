package io.facegate.testing;

import io.facegate.app.FacegateServer;
import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real facegate server (real models, real SQLite) on a free port and a temp data dir. */
public final class TestServer implements AutoCloseable {
  public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";
  private static final long TIMEOUT_S = 120;

  private final FacegateConfig config;
  private final FacegateServer server;

  private TestServer(FacegateConfig config, FacegateServer server) {
    this.config = config;
    this.server = server;
  }

  public static FacegateConfig config(Path dataDir) {
    return Models.defaults().with("port", 0).with("host", "127.0.0.1").with("data_dir", dataDir.toString())
        .with("jwt_secret", SECRET);
  }

  public static TestServer start(Path dataDir) {
    return start(config(dataDir));
  }

  public static TestServer start(FacegateConfig config) {
    FacegateServer server = await(FacegateServer.start(config));
    await(server.ready());
    return new TestServer(config, server);
  }

  public int port() {
    return server.port();
  }

  public FacegateConfig config() {
    return config;
  }

  public String token(Role... roles) {
    return new TokenService(server.vertx(), SECRET, config.string("jwt_algorithm"), config.string("jwt_issuer"))
        .issue(List.of(roles), "tests", Duration.ofHours(1));
  }

  public ApiClient client(Vertx vertx, Role... roles) {
    return new ApiClient(vertx, port(), token(roles));
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
    await(server.stop());
  }
}
