package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Bytes;
import io.facegate.testing.FastTier;
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
 * A deleted person's template leaves the database file and its write-ahead log, not just the
 * tables. Closing the database checkpoints the log into the file, as any checkpoint eventually
 * does.
 */
@ExtendWith(VertxExtension.class)
@FastTier
class SecureDeleteTest {
  @TempDir Path dir;

  @Test
  void aDeletedEmbeddingsBytesAreGoneFromTheFileAfterACheckpoint(
      Vertx vertx, VertxTestContext ctx) {
    float[] vector = new float[192];
    Random random = new Random(7);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) random.nextGaussian();
    }
    byte[] template = EmbeddingCodec.encode(vector);
    Database.open(vertx, dir)
        .compose(
            db ->
                new PeopleStore(db)
                    .enroll("erased", null, List.of(vector), "m")
                    .compose(e -> db.close()))
        .compose(
            closed -> {
              ctx.verify(
                  () ->
                      assertTrue(
                          occurs(template),
                          "the stored template is in the file before the delete"));
              return Database.open(vertx, dir);
            })
        .compose(db -> new PeopleStore(db).delete("erased").compose(removed -> db.close()))
        .onComplete(
            ctx.succeeding(
                closed ->
                    ctx.verify(
                        () -> {
                          assertFalse(
                              occurs(template), "the deleted template's bytes are still on disk");
                          ctx.completeNow();
                        })));
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
