package io.facegate.fleet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.facegate.testing.FastTier;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

@FastTier
class FeedJsonTest {
  private final Vectors vectors = new Vectors(2);

  @Test
  void changesSurviveTheWireBitForBit() {
    Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
    GalleryChange insert =
        new GalleryChange(
            7, GalleryChange.Op.INSERT, 70, "alice", "Alice", "m", vectors.next(), at);
    GalleryChange delete =
        new GalleryChange(9, GalleryChange.Op.DELETE, 55, "bob", null, "m", null, at);
    JsonObject json =
        new JsonObject(
            FeedJson.changes(new ChangeBatch("L", List.of(insert, delete), 9), 6).encode());

    assertEquals(6, json.getLong("after"));
    assertEquals("insert", json.getJsonArray("changes").getJsonObject(0).getString("op"));
    ChangeBatch back = FeedJson.changes(json);
    assertEquals("L", back.lineage());
    assertEquals(9, back.through());
    GalleryChange first = back.changes().get(0);
    assertEquals(
        List.of(7L, 70L, "alice", "Alice", at),
        List.of(
            first.seq(), first.embeddingId(), first.username(), first.displayName(), first.at()));
    assertArrayEquals(insert.vector(), first.vector());
    assertEquals(GalleryChange.Op.DELETE, back.changes().get(1).op());
    assertNull(back.changes().get(1).vector());
  }

  @Test
  void aSnapshotSurvivesTheWire() {
    ReplicatedEmbedding e = new ReplicatedEmbedding(3, "carol", null, "m", vectors.next());
    GallerySnapshot back =
        FeedJson.snapshot(
            new JsonObject(FeedJson.snapshot(new GallerySnapshot("L", 12, List.of(e))).encode()));
    assertEquals("L", back.lineage());
    assertEquals(12, back.seq());
    assertEquals(3, back.embeddings().get(0).id());
    assertEquals("carol", back.embeddings().get(0).username());
    assertArrayEquals(e.vector(), back.embeddings().get(0).vector());
  }
}
