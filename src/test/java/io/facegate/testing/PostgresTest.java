package io.facegate.testing;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The harness itself: a server that answers, dies like a power cut, and comes back with its data.
 */
@Tag("postgres")
@E2eTier
class PostgresTest {
  @Test
  void startsAnswersSurvivesAKillAndRestarts() {
    Vertx vertx = Vertx.vertx();
    try (Postgres pg = Postgres.start()) {
      Pool pool =
          PgBuilder.pool()
              .with(new PoolOptions().setMaxSize(1))
              .connectingTo(PgConnectOptions.fromUri(pg.uri()))
              .using(vertx)
              .build();
      await(pool.query("CREATE TABLE kept(x int); INSERT INTO kept VALUES (42)").execute());

      pg.kill();
      assertThrows(
          Throwable.class, () -> await(pool.query("SELECT 1").execute()), "the server is gone");

      pg.startServer();
      int kept = await(pool.query("SELECT x FROM kept").execute()).iterator().next().getInteger(0);
      assertEquals(42, kept, "a committed row survives the crash");
      await(pool.close());
    } finally {
      await(vertx.close());
    }
  }
}
