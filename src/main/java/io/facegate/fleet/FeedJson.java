package io.facegate.fleet;

import io.facegate.store.Device;
import io.facegate.store.EmbeddingCodec;
import io.facegate.store.Profile;
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
   * {"lineage","after","through","changes":[{"seq","op","embedding_id","username","display_name","model_id","vector","at","device_id","payload"}]}};
   * a payload is shaped as {@link #profile(JsonObject)}, {@link #device(String, JsonObject)} or
   * {@link #revoked(String, JsonObject)} read it.
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
              .put("at", c.at().toString())
              .put("device_id", c.deviceId())
              .put("payload", c.payload()));
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
              Instant.parse(c.getString("at")),
              c.getString("device_id"),
              c.getJsonObject("payload")));
    }
    return new ChangeBatch(json.getString("lineage"), changes, json.getLong("through"));
  }

  /**
   * {@code {"lineage","seq","embeddings":[{"id","username","display_name","model_id","vector"}],
   * "profiles":[{"username",...profile}],"devices":[{"id",...device}],"revoked":[{"device_id",...revocation}]}}.
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
    JsonArray profiles = new JsonArray();
    snapshot
        .profiles()
        .forEach(p -> profiles.add(profile(p.profile()).put("username", p.username())));
    JsonArray devices = new JsonArray();
    snapshot.devices().forEach(d -> devices.add(device(d).put("id", d.id())));
    JsonArray revoked = new JsonArray();
    snapshot.revoked().forEach(r -> revoked.add(revoked(r).put("device_id", r.deviceId())));
    return new JsonObject()
        .put("lineage", snapshot.lineage())
        .put("seq", snapshot.seq())
        .put("embeddings", embeddings)
        .put("profiles", profiles)
        .put("devices", devices)
        .put("revoked", revoked);
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
    List<ReplicatedProfile> profiles = new ArrayList<>();
    for (Object item : json.getJsonArray("profiles", new JsonArray())) {
      JsonObject p = (JsonObject) item;
      profiles.add(new ReplicatedProfile(p.getString("username"), profile(p)));
    }
    List<Device> devices = new ArrayList<>();
    for (Object item : json.getJsonArray("devices", new JsonArray())) {
      JsonObject d = (JsonObject) item;
      devices.add(device(d.getString("id"), d));
    }
    List<RevokedToken> revoked = new ArrayList<>();
    for (Object item : json.getJsonArray("revoked", new JsonArray())) {
      JsonObject r = (JsonObject) item;
      revoked.add(revoked(r.getString("device_id"), r));
    }
    return new GallerySnapshot(
        json.getString("lineage"), json.getLong("seq"), embeddings, profiles, devices, revoked);
  }

  /** {@code {"display_name","metadata","groups","valid_until"}}, as the log's profile entries. */
  public static JsonObject profile(Profile p) {
    return new JsonObject()
        .put("display_name", p.displayName())
        .put("metadata", p.metadata())
        .put("groups", new JsonArray(p.groups()))
        .put("valid_until", p.validUntil() == null ? null : p.validUntil().toString());
  }

  public static Profile profile(JsonObject json) {
    String validUntil = json.getString("valid_until");
    return new Profile(
        json.getString("display_name"),
        json.getJsonObject("metadata"),
        names(json.getJsonArray("groups")),
        validUntil == null ? null : Instant.parse(validUntil));
  }

  /**
   * {@code {"allowed_groups","schedule","timezone","token_id","created_at"}}, as the log's device
   * entries.
   */
  public static JsonObject device(Device d) {
    return new JsonObject()
        .put("allowed_groups", d.allowedGroups() == null ? null : new JsonArray(d.allowedGroups()))
        .put("schedule", d.schedule())
        .put("timezone", d.timezone())
        .put("token_id", d.tokenId())
        .put("created_at", d.createdAt() == null ? null : d.createdAt().toString());
  }

  public static Device device(String id, JsonObject json) {
    JsonArray groups = json.getJsonArray("allowed_groups");
    String createdAt = json.getString("created_at");
    return new Device(
        id,
        groups == null ? null : names(groups),
        json.getJsonArray("schedule"),
        json.getString("timezone"),
        json.getString("token_id"),
        createdAt == null ? null : Instant.parse(createdAt));
  }

  /** {@code {"token_id","revoked_at"}}, as the log's revoke entries. */
  public static JsonObject revoked(RevokedToken r) {
    return new JsonObject()
        .put("token_id", r.tokenId())
        .put("revoked_at", r.revokedAt().toString());
  }

  public static RevokedToken revoked(String deviceId, JsonObject json) {
    return new RevokedToken(
        json.getString("token_id"), deviceId, Instant.parse(json.getString("revoked_at")));
  }

  private static List<String> names(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
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
