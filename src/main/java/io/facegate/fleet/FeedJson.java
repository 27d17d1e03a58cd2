package io.facegate.fleet;

import io.facegate.store.EmbeddingCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The feed's JSON: the bodies of {@code GET /replication/changes} and {@code GET
 * /replication/snapshot}, written by a central and read back by a follower. Vectors travel as
 * base64 of their stored bytes (float32 little-endian): a third the size of decimal floats, and
 * bit-exact, so a door scores exactly as the central does.
 */
public final class FeedJson {
  private FeedJson() {}

  /**
   * {@code
   * {"lineage","after","through","changes":[{"seq","op","embedding_id","username","display_name","model_id","vector","at"}]}}.
   */
  public static JsonObject changes(ChangeBatch batch, long after) {
    JsonArray changes = new JsonArray();
    for (GalleryChange c : batch.changes()) {
      changes.add(
          new JsonObject()
              .put("seq", c.seq())
              .put("op", c.op().wireName())
              .put("embedding_id", c.embeddingId())
              .put("username", c.username())
              .put("display_name", c.displayName())
              .put("model_id", c.modelId())
              .put("vector", vector(c.vector()))
              .put("at", c.at().toString()));
    }
    return new JsonObject()
        .put("lineage", batch.lineage())
        .put("after", after)
        .put("through", batch.through())
        .put("changes", changes);
  }

  public static ChangeBatch changes(JsonObject json) {
    List<GalleryChange> changes = new ArrayList<>();
    for (Object item : json.getJsonArray("changes")) {
      JsonObject c = (JsonObject) item;
      changes.add(
          new GalleryChange(
              c.getLong("seq"),
              GalleryChange.Op.fromWire(c.getString("op")),
              c.getLong("embedding_id"),
              c.getString("username"),
              c.getString("display_name"),
              c.getString("model_id"),
              vector(c.getString("vector")),
              Instant.parse(c.getString("at"))));
    }
    return new ChangeBatch(json.getString("lineage"), changes, json.getLong("through"));
  }

  /**
   * {@code {"lineage","seq","embeddings":[{"id","username","display_name","model_id","vector"}]}}.
   */
  public static JsonObject snapshot(GallerySnapshot snapshot) {
    JsonArray embeddings = new JsonArray();
    for (ReplicatedEmbedding e : snapshot.embeddings()) {
      embeddings.add(
          new JsonObject()
              .put("id", e.id())
              .put("username", e.username())
              .put("display_name", e.displayName())
              .put("model_id", e.modelId())
              .put("vector", vector(e.vector())));
    }
    return new JsonObject()
        .put("lineage", snapshot.lineage())
        .put("seq", snapshot.seq())
        .put("embeddings", embeddings);
  }

  public static GallerySnapshot snapshot(JsonObject json) {
    List<ReplicatedEmbedding> embeddings = new ArrayList<>();
    for (Object item : json.getJsonArray("embeddings")) {
      JsonObject e = (JsonObject) item;
      embeddings.add(
          new ReplicatedEmbedding(
              e.getLong("id"),
              e.getString("username"),
              e.getString("display_name"),
              e.getString("model_id"),
              vector(e.getString("vector"))));
    }
    return new GallerySnapshot(json.getString("lineage"), json.getLong("seq"), embeddings);
  }

  private static String vector(float[] vector) {
    return vector == null
        ? null
        : Base64.getEncoder().encodeToString(EmbeddingCodec.encode(vector));
  }

  private static float[] vector(String base64) {
    return base64 == null ? null : EmbeddingCodec.decode(Base64.getDecoder().decode(base64));
  }
}
