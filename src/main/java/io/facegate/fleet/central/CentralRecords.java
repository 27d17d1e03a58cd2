package io.facegate.fleet.central;

import io.facegate.fleet.ReplicatedProfile;
import io.facegate.fleet.RevokedToken;
import io.facegate.store.Device;
import io.facegate.store.DeviceStore;
import io.facegate.store.PhotoRemoval;
import io.facegate.store.Profile;
import io.facegate.store.ProfileColumns;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Writes to the central gallery besides enrollments and deletions: profiles, single photos, devices
 * and revocations. As with {@link CentralGallery}, the schema's triggers log each change in the
 * same transaction, and every write returns the gallery seq it committed.
 */
public final class CentralRecords {
  private static final String PROFILE =
      "SELECT display_name, metadata, groups_json, valid_until FROM people WHERE username = $1 FOR UPDATE";
  private static final String DEVICE =
      "SELECT id, allowed_groups, schedule, timezone, token_id, created_at FROM devices ";

  /** Everything but the empty profile, which is what a replica's person starts with. */
  private static final String PROFILES =
      "SELECT username, display_name, metadata, groups_json, valid_until FROM people "
          + "WHERE display_name IS NOT NULL OR metadata IS NOT NULL OR groups_json <> '[]' "
          + "OR valid_until IS NOT NULL ORDER BY username";

  private final CentralDatabase db;

  public CentralRecords(CentralDatabase db) {
    this.db = db;
  }

  /**
   * Replaces the person's profile with {@code change} applied to the current one (the row locked
   * meanwhile); the seq of the change, or empty if no such person. An edit that changes nothing
   * logs nothing and answers the log's head.
   */
  public Future<Optional<Long>> updateProfile(String username, UnaryOperator<Profile> change) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery(PROFILE)
                .execute(Tuple.of(username))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Long>empty());
                      }
                      Profile current = ProfileColumns.of(rows.iterator().next());
                      Profile changed = change.apply(current);
                      if (changed.equals(current)) {
                        return CentralGallery.headSeq(conn).map(Optional::of);
                      }
                      return conn.preparedQuery(
                              "UPDATE people SET display_name = $1, metadata = $2, groups_json = $3, "
                                  + "valid_until = $4 WHERE username = $5")
                          .execute(ProfileColumns.values(changed).addString(username))
                          .compose(updated -> CentralGallery.lastSeq(conn))
                          .map(Optional::of);
                    }));
  }

  /** Removes one embedding of {@code username}, never their last; the seq when removed. */
  public Future<PhotoRemoval> removePhoto(String username, long embeddingId) {
    return db.inTransaction(
        conn ->
            PhotoRemoval.remove(
                conn,
                "SELECT p.id, (SELECT count(*) FROM embeddings e WHERE e.person_id = p.id), "
                    + "(SELECT count(*) FROM embeddings e WHERE e.person_id = p.id AND e.id = $1) "
                    + "FROM people p WHERE p.username = $2 FOR UPDATE",
                "DELETE FROM embeddings WHERE id = $1",
                username,
                embeddingId,
                CentralGallery::lastSeq));
  }

  /** Stores a new device; the seq, or empty (nothing written) when one with this id exists. */
  public Future<OptionalLong> insertDevice(Device device) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery(
                    "INSERT INTO devices(id, allowed_groups, schedule, timezone, token_id) "
                        + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (id) DO NOTHING")
                .execute(DeviceStore.columns(device))
                .compose(
                    rows ->
                        rows.rowCount() == 1
                            ? CentralGallery.lastSeq(conn).map(OptionalLong::of)
                            : Future.succeededFuture(OptionalLong.empty())));
  }

  /**
   * Replaces the device's policy with {@code change} applied to the stored one (never its token);
   * the seq, or empty when there is no such device.
   */
  public Future<OptionalLong> updateDevice(String id, UnaryOperator<Device> change) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery(DEVICE + "WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(OptionalLong.empty());
                      }
                      Device changed = change.apply(DeviceStore.toDevice(rows.iterator().next()));
                      // token_id is part of the columns but never changes: it only re-names the
                      // row.
                      return conn.preparedQuery(
                              "UPDATE devices SET allowed_groups = $2, schedule = $3, timezone = $4 "
                                  + "WHERE id = $1 AND token_id = $5")
                          .execute(DeviceStore.columns(changed))
                          .compose(updated -> CentralGallery.lastSeq(conn))
                          .map(OptionalLong::of);
                    }));
  }

  /**
   * Revokes the device's token and deletes the device in one transaction, in that order: a replica
   * that has applied part of the log never holds a removed device whose token still works. The
   * revoked token id and the seq, or empty if no such device.
   */
  public Future<Optional<Revocation>> deleteDevice(String id) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery("SELECT token_id FROM devices WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(id))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Revocation>empty());
                      }
                      String tokenId = rows.iterator().next().getString(0);
                      return conn.preparedQuery(
                              "INSERT INTO revoked_tokens(token_id, device_id) VALUES ($1, $2) "
                                  + "ON CONFLICT (token_id) DO NOTHING")
                          .execute(Tuple.of(tokenId, id))
                          .compose(
                              revoked ->
                                  conn.preparedQuery("DELETE FROM devices WHERE id = $1")
                                      .execute(Tuple.of(id)))
                          .compose(done -> CentralGallery.lastSeq(conn))
                          .map(seq -> Optional.of(new Revocation(tokenId, seq)));
                    }));
  }

  /** A deleted device's token id and the gallery seq of the deletion. */
  public record Revocation(String tokenId, long seq) {}

  /** What a snapshot carries besides embeddings, read on {@code conn} (inside its transaction). */
  static Future<Records> read(SqlConnection conn) {
    return conn.query(PROFILES)
        .collecting(
            Collectors.mapping(
                (Row row) ->
                    new ReplicatedProfile(row.getString("username"), ProfileColumns.of(row)),
                Collectors.toList()))
        .execute()
        .compose(
            profiles ->
                conn.query(DEVICE + "ORDER BY id")
                    .collecting(Collectors.mapping(DeviceStore::toDevice, Collectors.toList()))
                    .execute()
                    .compose(
                        devices ->
                            conn.query(
                                    "SELECT token_id, device_id, revoked_at FROM revoked_tokens "
                                        + "ORDER BY token_id")
                                .collecting(
                                    Collectors.mapping(
                                        (Row row) ->
                                            new RevokedToken(
                                                row.getString(0),
                                                row.getString(1),
                                                Instant.parse(row.getString(2))),
                                        Collectors.toList()))
                                .execute()
                                .map(
                                    revoked ->
                                        new Records(
                                            profiles.value(), devices.value(), revoked.value()))));
  }

  record Records(
      List<ReplicatedProfile> profiles, List<Device> devices, List<RevokedToken> revoked) {}
}
