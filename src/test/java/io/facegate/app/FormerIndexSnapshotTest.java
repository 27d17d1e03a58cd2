package io.facegate.app;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory from a version that saved the HNSW graph loses the saved graph at boot. */
@FastTier
class FormerIndexSnapshotTest {
  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  void theSnapshotFilesAreDeletedAndNothingElse() throws Exception {
    for (String name : FormerIndexSnapshot.FILE_NAMES) {
      Files.write(dir.resolve(name), new byte[] {1, 2, 3});
    }
    Path database = Files.write(dir.resolve("facegate.db"), new byte[] {4});

    await(FormerIndexSnapshot.deleteIn(vertx, dir));

    for (String name : FormerIndexSnapshot.FILE_NAMES) {
      assertFalse(Files.exists(dir.resolve(name)), name);
    }
    assertTrue(Files.exists(database));
  }

  @Test
  void aDataDirectoryWithoutThemBootsAsBefore() throws Exception {
    Files.write(dir.resolve("index.snapshot.tmp"), new byte[] {1});

    await(FormerIndexSnapshot.deleteIn(vertx, dir));
    await(FormerIndexSnapshot.deleteIn(vertx, dir)); // nothing left: still succeeds

    assertFalse(Files.exists(dir.resolve("index.snapshot.tmp")));
  }
}
