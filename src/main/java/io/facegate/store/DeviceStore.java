package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Registered devices and revoked token ids in SQLite. All SQL about them lives here. */
public final class DeviceStore {
  private static final String COLUMNS =
      "SELECT id, allowed_groups, schedule, timezone, token_id, created_at FROM devices ";

  private final Database db;

  public DeviceStore(Database db) {
    this.db = db;
  }

  /** Stores a new device; false (and nothing written) when one with this id exists. */
  public Future<Boolean> insert(Device device) {
    return db.inTransaction(
            conn ->
                conn.preparedQuery(
                        "INSERT INTO devices(id, allowed_groups, schedule, timezone, "
                            + "token_id) VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING")
                    .execute(columns(device))
                    .map(rows -> rows.rowCount() == 1))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  /** Replaces the device's policy (not its token); false when there is no such device. */
  public Future<Boolean> update(Device device) {
    return db.inTransaction(
            conn ->
                conn.preparedQuery(
                        "UPDATE devices SET allowed_groups = ?, schedule = ?, "
                            + "timezone = ? WHERE id = ?")
                    .execute(
                        Tuple.of(groups(device), schedule(device), device.timezone(), device.id()))
                    .map(rows -> rows.rowCount() == 1))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  /**
   * Deletes the device and revokes its token in one transaction; the revoked token id, or empty if
   * no such device.
   */
  public Future<Optional<String>> delete(String id) {
    return db.inTransaction(
            conn ->
                conn.preparedQuery("DELETE FROM devices WHERE id = ? RETURNING token_id")
                    .execute(Tuple.of(id))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(Optional.<String>empty());
                          }
                          String tokenId = rows.iterator().next().getString(0);
                          return conn.preparedQuery(
                                  "INSERT INTO revoked_tokens(token_id, device_id) VALUES (?, ?) "
                                      + "ON CONFLICT(token_id) DO NOTHING")
                              .execute(Tuple.of(tokenId, id))
                              .map(done -> Optional.of(tokenId));
                        }))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  public Future<Optional<Device>> find(String id) {
    return db.reader()
        .preparedQuery(COLUMNS + "WHERE id = ?")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(toDevice(rows.iterator().next())));
  }

  public Future<List<Device>> list() {
    return db.reader()
        .query(COLUMNS + "ORDER BY id")
        .collecting(Collectors.mapping(DeviceStore::toDevice, Collectors.toList()))
        .execute()
        .map(result -> result.value());
  }

  public Future<List<String>> revokedTokenIds() {
    return db.reader()
        .query("SELECT token_id FROM revoked_tokens")
        .collecting(Collectors.mapping((Row row) -> row.getString(0), Collectors.toList()))
        .execute()
        .map(result -> result.value());
  }

  /** The device's activity as the audit log recorded it. */
  public Future<DeviceActivity> activity(String id) {
    return db.reader()
        .withConnection(
            conn ->
                conn.preparedQuery("SELECT max(at) FROM audit WHERE subject = ?")
                    .execute(Tuple.of(id))
                    .compose(
                        last ->
                            conn.preparedQuery(
                                    "SELECT decision, count(*) FROM audit WHERE subject = ? "
                                        + "AND route = '/verify' GROUP BY decision")
                                .collecting(
                                    Collectors.toMap(
                                        (Row row) -> row.getString(0),
                                        (Row row) -> row.getLong(1),
                                        Long::sum,
                                        TreeMap::new))
                                .execute(Tuple.of(id))
                                .map(
                                    counts -> {
                                      String at = last.iterator().next().getString(0);
                                      return new DeviceActivity(
                                          at == null ? null : Instant.parse(at), counts.value());
                                    })));
  }

  /** {@code id, allowed_groups, schedule, timezone, token_id}, as stored here and centrally. */
  public static Tuple columns(Device device) {
    return Tuple.of(
        device.id(), groups(device), schedule(device), device.timezone(), device.tokenId());
  }

  private static String groups(Device device) {
    return device.allowedGroups() == null ? null : new JsonArray(device.allowedGroups()).encode();
  }

  private static String schedule(Device device) {
    return device.schedule() == null ? null : device.schedule().encode();
  }

  /** Read from a row holding the columns of {@code devices} under their names. */
  public static Device toDevice(Row row) {
    String groups = row.getString("allowed_groups");
    String schedule = row.getString("schedule");
    return new Device(
        row.getString("id"),
        groups == null ? null : new JsonArray(groups).stream().map(String::valueOf).toList(),
        schedule == null ? null : new JsonArray(schedule),
        row.getString("timezone"),
        row.getString("token_id"),
        Instant.parse(row.getString("created_at")));
  }
}
