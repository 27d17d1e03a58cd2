package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
@FastTier
class DatabaseTest {
  @TempDir Path dir;

  @Test
  void createsTheDataDirectoryAndFile(Vertx vertx, VertxTestContext ctx) {
    Path dataDir = dir.resolve("nested/data");
    Database.open(vertx, dataDir)
        .compose(Database::close)
        .onComplete(
            ctx.succeeding(
                v ->
                    ctx.verify(
                        () -> {
                          assertTrue(Files.isRegularFile(dataDir.resolve(Database.FILE_NAME)));
                          ctx.completeNow();
                        })));
  }

  @Test
  void everyPooledConnectionHasTheDurablePragmas(Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir)
        .compose(
            db -> {
              Pool reader = db.reader();
              // Hold both reader connections at once so the check covers more than one physical
              // connection.
              return Future.all(
                      pragmas(reader),
                      pragmas(reader),
                      db.inTransaction(conn -> pragma(conn, "synchronous")))
                  .compose(all -> db.close().map(all));
            })
        .onComplete(
            ctx.succeeding(
                all ->
                    ctx.verify(
                        () -> {
                          for (int i = 0; i < 2; i++) {
                            assertEquals("wal|2|5000|1", all.resultAt(i));
                          }
                          assertEquals("2", all.resultAt(2), "writer synchronous=FULL");
                          ctx.completeNow();
                        })));
  }

  private static Future<String> pragmas(Pool pool) {
    return pool.withConnection(
        conn ->
            pragma(conn, "journal_mode")
                .compose(journal -> pragma(conn, "synchronous").map(sync -> journal + "|" + sync))
                .compose(s -> pragma(conn, "busy_timeout").map(t -> s + "|" + t))
                .compose(s -> pragma(conn, "foreign_keys").map(fk -> s + "|" + fk)));
  }

  private static Future<String> pragma(SqlConnection conn, String name) {
    return conn.query("PRAGMA " + name)
        .execute()
        .map(rows -> String.valueOf(rows.iterator().next().getValue(0)));
  }

  @Test
  void migrationsRunOnceAcrossReopens(Vertx vertx, VertxTestContext ctx) {
    // The scripts use plain CREATE TABLE, so a second run would fail rather than pass silently.
    Database.open(vertx, dir)
        .compose(Database::close)
        .compose(v -> Database.open(vertx, dir))
        .compose(
            db ->
                db.reader()
                    .query("SELECT count(*), max(version) FROM schema_version")
                    .execute()
                    .compose(rows -> db.close().map(rows.iterator().next())))
        .onComplete(
            ctx.succeeding(
                row ->
                    ctx.verify(
                        () -> {
                          assertEquals(5, row.getInteger(0));
                          assertEquals(5, row.getInteger(1));
                          ctx.completeNow();
                        })));
  }

  @Test
  void aDamagedFileIsNamedWithTheRecoveryCommand(Vertx vertx, VertxTestContext ctx)
      throws Exception {
    Path file = dir.resolve(Database.FILE_NAME);
    byte[] garbage = new byte[64 * 1024];
    new java.util.Random(1).nextBytes(garbage);
    Files.write(file, garbage);
    Database.open(vertx, dir)
        .onComplete(
            ctx.failing(
                e ->
                    ctx.verify(
                        () -> {
                          assertTrue(
                              e.getMessage().contains(file.toAbsolutePath().toString()),
                              e.getMessage());
                          assertTrue(
                              e.getMessage().contains("java -jar facegate.jar restore --in"),
                              e.getMessage());
                          ctx.completeNow();
                        })));
  }

  @Test
  void aSecondOpenerOfTheDataDirIsRefusedUntilTheFirstCloses(Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir)
        .compose(
            first ->
                Database.open(vertx, dir)
                    .transform(
                        second -> {
                          ctx.verify(
                              () -> {
                                assertTrue(
                                    second.failed(),
                                    "a second server on the same data dir must not start");
                                assertTrue(
                                    second
                                        .cause()
                                        .getMessage()
                                        .contains("in use by a running facegate"),
                                    second.cause().getMessage());
                              });
                          return first.close();
                        })
                    .compose(v -> Database.open(vertx, dir)) // released on close
                    .compose(Database::close))
        .onComplete(ctx.succeedingThenComplete());
  }
}
