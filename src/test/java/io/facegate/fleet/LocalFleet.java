package io.facegate.fleet;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.facegate.testing.Postgres;
import io.facegate.testing.TestServer;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fleet on one machine for tests: a real PostgreSQL, a central and a door (a follower), each with
 * real models and its own data directory, in this JVM and talking over HTTP. The door can be
 * stopped and started again on the same data, with other settings.
 */
final class LocalFleet implements AutoCloseable {
  static final String DOOR = "door-1";

  final Postgres postgres;
  final TestServer central;
  private final Path doorDir;
  private TestServer door;

  private LocalFleet(Postgres postgres, TestServer central, Path doorDir) {
    this.postgres = postgres;
    this.central = central;
    this.doorDir = doorDir;
  }

  /**
   * PostgreSQL and a central; then a door in this JVM with {@code doorSettings} on top of the usual
   * ones.
   */
  static LocalFleet start(Path centralDir, Path doorDir, Map<String, ?> doorSettings) {
    LocalFleet fleet = centralOnly(centralDir, doorDir);
    fleet.startDoor(doorSettings);
    return fleet;
  }

  /** PostgreSQL and a central; no door yet ({@code doorDir} is where one keeps its replica). */
  static LocalFleet centralOnly(Path centralDir, Path doorDir) {
    Postgres postgres = Postgres.start();
    TestServer central =
        TestServer.start(
            TestServer.config(centralDir)
                .with(Map.of("role", "central", "postgres_url", postgres.uri())));
    return new LocalFleet(postgres, central, doorDir);
  }

  /**
   * A door following the central, with a replica token for {@link #DOOR}; {@code settings}
   * override.
   */
  TestServer startDoor(Map<String, ?> settings) {
    door = TestServer.start(doorConfig(settings));
    return door;
  }

  FacegateConfig doorConfig(Map<String, ?> settings) {
    Map<String, Object> all =
        new HashMap<>(
            Map.of(
                "role",
                "follower",
                "follow_url",
                "http://127.0.0.1:" + central.port(),
                "follow_token",
                replicaToken(DOOR)));
    all.putAll(settings);
    return TestServer.config(doorDir).with(all);
  }

  TestServer door() {
    return door;
  }

  Path doorDir() {
    return doorDir;
  }

  void stopDoor() {
    door.close();
    door = null;
  }

  /** A feed token for {@code door}, signed with the test servers' secret. */
  static String replicaToken(String door) {
    Vertx minting = Vertx.vertx();
    try {
      return new TokenService(minting, TestServer.SECRET, "HS256", "facegate")
          .issue(List.of(Role.REPLICA), door, Duration.ofHours(1));
    } finally {
      TestServer.await(minting.close());
    }
  }

  @Override
  public void close() {
    try {
      if (door != null) {
        door.close();
      }
      central.close();
    } finally {
      postgres.close();
    }
  }
}
