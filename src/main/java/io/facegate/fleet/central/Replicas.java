package io.facegate.fleet.central;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The followers' acknowledged cursors (each poll of the feed reports one) and what they tell: which
 * doors have applied a deletion. A cursor only moves forward within a lineage.
 */
public final class Replicas {
  private static final String ACKNOWLEDGE =
      "INSERT INTO replicas(door, lineage, seq, seen_at) VALUES ($1, $2, $3, now()) "
          + "ON CONFLICT (door) DO UPDATE SET seen_at = now(), lineage = excluded.lineage, "
          + "seq = CASE WHEN replicas.lineage = excluded.lineage THEN greatest(replicas.seq, excluded.seq) ELSE excluded.seq END";
  private static final String REPLICAS =
      "SELECT r.door, r.lineage, r.seq, r.seen_at, r.lineage = l.lineage "
          + "FROM replicas r CROSS JOIN gallery_lineage l ORDER BY r.door";

  private final CentralDatabase db;

  public Replicas(CentralDatabase db) {
    this.db = db;
  }

  /** Records that {@code door} has applied the log of {@code lineage} through {@code seq}. */
  public Future<Void> acknowledge(String door, String lineage, long seq) {
    return db.withConnection(
            conn -> conn.preparedQuery(ACKNOWLEDGE).execute(Tuple.of(door, lineage, seq)))
        .mapEmpty();
  }

  /** Every follower that has reported, by door id. */
  public Future<List<ReplicaStatus>> list() {
    return db.withConnection(conn -> conn.query(REPLICAS).execute())
        .map(
            rows -> {
              List<ReplicaStatus> all = new ArrayList<>(rows.size());
              rows.forEach(row -> all.add(toStatus(row)));
              return all;
            });
  }

  /**
   * The latest deletion of {@code username} and which followers have applied it; empty if the log
   * holds no deletion of that name (never deleted, or pruned since).
   */
  public Future<Optional<Erasure>> erasure(String username) {
    return db.withConnection(
        conn ->
            conn.preparedQuery(
                    "SELECT max(seq), max(at) FROM gallery_changes "
                        + "WHERE op = 'delete' AND username = $1")
                .execute(Tuple.of(username))
                .compose(
                    deletes -> {
                      Row delete = deletes.iterator().next();
                      if (delete.getLong(0) == null) {
                        return Future.succeededFuture(Optional.<Erasure>empty());
                      }
                      long seq = delete.getLong(0);
                      return conn.query(REPLICAS)
                          .execute()
                          .map(
                              rows -> {
                                List<ReplicaStatus> applied = new ArrayList<>();
                                List<ReplicaStatus> pending = new ArrayList<>();
                                for (Row row : rows) {
                                  boolean sameLineage = row.getBoolean(4);
                                  (sameLineage && row.getLong(2) >= seq ? applied : pending)
                                      .add(toStatus(row));
                                }
                                return Optional.of(
                                    new Erasure(
                                        username,
                                        seq,
                                        delete.getOffsetDateTime(1).toInstant(),
                                        applied,
                                        pending));
                              });
                    }));
  }

  private static ReplicaStatus toStatus(Row row) {
    return new ReplicaStatus(
        row.getString(0), row.getString(1), row.getLong(2), row.getOffsetDateTime(3).toInstant());
  }
}
