package io.facegate.store;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Store tests' fixture: a fresh database in a temp dir for each test, closed after it. */
@ExtendWith(VertxExtension.class)
abstract class OpenDatabase {
  @TempDir Path dir;

  Database db;

  @BeforeEach
  void openDatabase(Vertx vertx, VertxTestContext ctx) {
    Database.open(vertx, dir)
        .onComplete(
            ctx.succeeding(
                opened -> {
                  db = opened;
                  ctx.completeNow();
                }));
  }

  @AfterEach
  void closeDatabase(VertxTestContext ctx) {
    db.close().onComplete(ctx.succeedingThenComplete());
  }
}
