package io.facegate.fleet.follower;

import io.facegate.fleet.FeedJson;
import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.RevokedToken;
import io.facegate.service.DoorChanges;
import io.facegate.store.Device;
import io.facegate.store.DeviceStore;
import io.facegate.store.Profile;
import io.facegate.store.ProfileColumns;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The replica's side of what replicates besides embeddings: profiles, devices and revoked tokens,
 * written on the applier's connection (inside its transaction), and what {@link
 * io.facegate.service.Doors}' memory must learn once it commits.
 */
final class ReplicaRecords {
  private static final String UPDATE_PROFILE =
      "UPDATE people SET display_name = ?, metadata = ?, groups_json = ?, valid_until = ? "
          + "WHERE username = ?";
  private static final String UPSERT_DEVICE =
      "INSERT INTO devices(id, allowed_groups, schedule, timezone, token_id, created_at) "
          + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
          + "allowed_groups = excluded.allowed_groups, schedule = excluded.schedule, "
          + "timezone = excluded.timezone, token_id = excluded.token_id, created_at = excluded.created_at";
  private static final String DELETE_DEVICE = "DELETE FROM devices WHERE id = ?";
  private static final String REVOKE =
      "INSERT INTO revoked_tokens(token_id, device_id, revoked_at) VALUES (?, ?, ?) "
          + "ON CONFLICT(token_id) DO NOTHING";
  private static final Profile EMPTY = new Profile(null, null, List.of(), null);

  private ReplicaRecords() {}

  /**
   * A run of changes of one op, not an embedding's. A profile whose payload was blanked (the person
   * was deleted later in the log) is skipped; a profile of a person the replica lacks changes
   * nothing (their delete follows).
   */
  static Future<Void> write(SqlConnection conn, List<GalleryChange> run) {
    List<Tuple> rows = new ArrayList<>(run.size());
    String sql =
        switch (run.get(0).op()) {
          case PROFILE -> {
            run.stream()
                .filter(c -> c.payload() != null)
                .forEach(
                    c ->
                        rows.add(
                            ProfileColumns.values(FeedJson.profile(c.payload()))
                                .addString(c.username())));
            yield UPDATE_PROFILE;
          }
          case DEVICE -> {
            run.forEach(c -> rows.add(device(device(c))));
            yield UPSERT_DEVICE;
          }
          case DEVICE_DELETE -> {
            run.forEach(c -> rows.add(Tuple.of(c.deviceId())));
            yield DELETE_DEVICE;
          }
          case REVOKE -> {
            run.forEach(c -> rows.add(revoked(FeedJson.revoked(c.deviceId(), c.payload()))));
            yield REVOKE;
          }
          case INSERT, DELETE ->
              throw new IllegalArgumentException("embedding changes are not records");
        };
    return ReplicaApplier.batch(conn, sql, rows).mapEmpty();
  }

  /** What the devices and revocations among {@code changes} leave, in seq order. */
  static DoorChanges doorChanges(List<GalleryChange> changes) {
    Map<String, Optional<Device>> devices = new LinkedHashMap<>();
    List<String> revoked = new ArrayList<>();
    for (GalleryChange c : changes) {
      switch (c.op()) {
        case DEVICE -> devices.put(c.deviceId(), Optional.of(device(c)));
        case DEVICE_DELETE -> devices.put(c.deviceId(), Optional.empty());
        case REVOKE -> revoked.add(FeedJson.revoked(c.deviceId(), c.payload()).tokenId());
        default -> {}
      }
    }
    if (devices.isEmpty() && revoked.isEmpty()) {
      return DoorChanges.NONE;
    }
    List<Device> present = new ArrayList<>();
    Set<String> removed = new HashSet<>();
    devices.forEach((id, d) -> d.ifPresentOrElse(present::add, () -> removed.add(id)));
    return new DoorChanges(false, present, removed, revoked);
  }

  /**
   * Makes the replica's profiles and devices those of {@code snapshot} and adds its revocations (a
   * revocation is never taken back, even by a restored central: the token stays refused). Runs
   * after the snapshot's embeddings are written, so every person it names exists.
   */
  static Future<DoorChanges> reset(SqlConnection conn, GallerySnapshot snapshot) {
    Map<String, Profile> wanted = new HashMap<>();
    snapshot.profiles().forEach(p -> wanted.put(p.username(), p.profile()));
    return conn.query(
            "SELECT username, display_name, metadata, groups_json, valid_until FROM people")
        .execute()
        .compose(
            people -> {
              List<Tuple> changed = new ArrayList<>();
              for (Row row : people) {
                String username = row.getString("username");
                Profile target = wanted.getOrDefault(username, EMPTY);
                if (!target.equals(ProfileColumns.of(row))) {
                  changed.add(ProfileColumns.values(target).addString(username));
                }
              }
              return ReplicaApplier.batch(conn, UPDATE_PROFILE, changed);
            })
        .compose(v -> conn.query("SELECT id FROM devices").execute())
        .compose(
            stored -> {
              Set<String> kept = new HashSet<>();
              snapshot.devices().forEach(d -> kept.add(d.id()));
              List<Tuple> gone = new ArrayList<>();
              stored.forEach(
                  row -> {
                    if (!kept.contains(row.getString(0))) {
                      gone.add(Tuple.of(row.getString(0)));
                    }
                  });
              return ReplicaApplier.batch(conn, DELETE_DEVICE, gone);
            })
        .compose(
            v ->
                ReplicaApplier.batch(
                    conn,
                    UPSERT_DEVICE,
                    snapshot.devices().stream().map(ReplicaRecords::device).toList()))
        .compose(
            v ->
                ReplicaApplier.batch(
                    conn,
                    REVOKE,
                    snapshot.revoked().stream().map(ReplicaRecords::revoked).toList()))
        .map(
            v ->
                new DoorChanges(
                    true,
                    snapshot.devices(),
                    Set.of(),
                    snapshot.revoked().stream().map(RevokedToken::tokenId).toList()));
  }

  private static Device device(GalleryChange c) {
    return FeedJson.device(c.deviceId(), c.payload());
  }

  private static Tuple device(Device d) {
    return DeviceStore.columns(d).addString(d.createdAt().toString());
  }

  private static Tuple revoked(RevokedToken r) {
    return Tuple.of(r.tokenId(), r.deviceId(), r.revokedAt().toString());
  }
}
