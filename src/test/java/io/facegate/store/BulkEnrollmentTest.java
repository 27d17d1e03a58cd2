package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@FastTier
class BulkEnrollmentTest {
  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private Database db;
  private BulkEnrollment bulk;

  @BeforeEach
  void open() {
    db = Database.open(vertx, dir).await();
    bulk = new BulkEnrollment(db);
  }

  @AfterEach
  void close() {
    db.close().await();
    vertx.close().await();
  }

  @Test
  void everyoneLandsWithTheirVectorAndCountsByPrefix() {
    bulk.enroll(
            List.of("synth-000001", "synth-000002"),
            "synthetic",
            List.of(new float[] {1, 0}, new float[] {0, 1}),
            "m@1")
        .await();
    List<StoredEmbedding> stored = new PeopleStore(db).loadAll().await();
    assertEquals(2, stored.size());
    assertEquals("synth-000002", stored.get(1).username());
    assertArrayEquals(new float[] {0, 1}, stored.get(1).vector());
    assertEquals("m@1", stored.get(1).modelId());
    assertEquals(
        "synthetic", new PeopleStore(db).find("synth-000001").await().orElseThrow().displayName());
    assertEquals(2, bulk.countWithPrefix("synth-").await());
    assertEquals(
        0, bulk.countWithPrefix("synth_").await(), "the prefix is literal, not a LIKE pattern");
  }

  @Test
  void anExistingUsernameFailsTheWholeBatch() {
    bulk.enroll(List.of("a"), null, List.of(new float[] {1}), "m@1").await();
    assertThrows(
        Exception.class,
        () ->
            bulk.enroll(List.of("b", "a"), null, List.of(new float[] {1}, new float[] {1}), "m@1")
                .await());
    assertEquals(1, new PeopleStore(db).loadAll().await().size());
  }
}
