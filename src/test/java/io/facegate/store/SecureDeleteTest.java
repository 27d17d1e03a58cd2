package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Bytes;
import io.facegate.testing.FastTier;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted person's or photo's template leaves the database file and its write-ahead log, not just
 * the tables, as soon as the removal returns: the server keeps running for months between restarts,
 * so "on disk until the next close" is not erased.
 */
@ExtendWith(VertxExtension.class)
@FastTier
class SecureDeleteTest {
  @TempDir Path dir;

  @Test
  void aDeletedPersonsBytesAreOffTheDiskWhenTheDeleteReturns(Vertx vertx, VertxTestContext ctx) {
    float[] vector = vector(7);
    byte[] template = EmbeddingCodec.encode(vector);
    storedThenClosed(vertx, ctx, "erased", List.of(vector), template)
        .compose(db -> new PeopleStore(db).delete("erased").map(removed -> db))
        .onComplete(offTheDisk(ctx, template));
  }

  @Test
  void aRemovedPhotosBytesAreOffTheDiskWhenTheRemovalReturns(Vertx vertx, VertxTestContext ctx) {
    float[] kept = vector(8);
    float[] removed = vector(9);
    byte[] template = EmbeddingCodec.encode(removed);
    storedThenClosed(vertx, ctx, "two-photos", List.of(kept, removed), template)
        .compose(
            db -> {
              PeopleStore people = new PeopleStore(db);
              return people
                  .embeddingIds("m") // in insertion order: the second is the removed one
                  .compose(ids -> people.removePhoto("two-photos", ids[1]))
                  .map(removal -> db);
            })
        .onComplete(offTheDisk(ctx, template));
  }

  /** Enrolls, closes (so the template is in the file itself) and opens the database again. */
  private Future<Database> storedThenClosed(
      Vertx vertx, VertxTestContext ctx, String username, List<float[]> vectors, byte[] template) {
    return Database.open(vertx, dir)
        .compose(
            db -> new PeopleStore(db).enroll(username, null, vectors, "m").compose(e -> db.close()))
        .compose(
            closed -> {
              ctx.verify(() -> assertTrue(occurs(template), "the stored template is in the file"));
              return Database.open(vertx, dir);
            });
  }

  /** Checked while the database is still open, then closed. */
  private Handler<AsyncResult<Database>> offTheDisk(VertxTestContext ctx, byte[] template) {
    return ctx.succeeding(
        db ->
            ctx.verify(
                () -> {
                  assertFalse(occurs(template), "the removed template's bytes are still on disk");
                  db.close().onComplete(ctx.succeedingThenComplete());
                }));
  }

  private static float[] vector(long seed) {
    float[] vector = new float[192];
    Random random = new Random(seed);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    return vector;
  }

  private boolean occurs(byte[] needle) {
    // Half the template is enough to recognize it, and survives a page boundary cutting the other
    // half.
    byte[] half = Arrays.copyOf(needle, needle.length / 2);
    for (String name : List.of(Database.FILE_NAME, Database.FILE_NAME + "-wal")) {
      Path file = dir.resolve(name);
      try {
        if (Files.exists(file) && Bytes.indexOf(Files.readAllBytes(file), half) >= 0) {
          return true;
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return false;
  }
}
