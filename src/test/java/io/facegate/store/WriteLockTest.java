package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Between writes the server holds no SQLite lock: an operator's sqlite3 shell or another process
 * can write at once, and a checkpoint can empty the write-ahead log.
 */
@ExtendWith(VertxExtension.class)
@FastTier
class WriteLockTest {
  @TempDir Path dir;

  @Test
  void afterACommittedWriteAnotherConnectionCanTakeTheWriteLockAtOnce(
      Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir)
        .compose(
            db ->
                new PeopleStore(db)
                    .enroll("someone", null, List.of(new float[] {1, 0, 0}), "m")
                    .compose(enrolled -> vertx.executeBlocking(() -> writeFromOutside()))
                    .eventually(db::close))
        .onComplete(
            ctx.succeeding(
                people ->
                    ctx.verify(
                        () -> {
                          assertEquals(1, people, "the outside writer saw the enrolled person");
                          ctx.completeNow();
                        })));
  }

  /** A second connection that refuses to wait: busy_timeout 0 turns a held lock into an error. */
  private int writeFromOutside() throws Exception {
    try (Connection conn =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Database.FILE_NAME));
        Statement statement = conn.createStatement()) {
      statement.execute("PRAGMA busy_timeout = 0");
      statement.execute("BEGIN IMMEDIATE");
      try (var rows = statement.executeQuery("SELECT count(*) FROM people")) {
        rows.next();
        int people = rows.getInt(1);
        statement.execute("ROLLBACK");
        return people;
      }
    }
  }
}
