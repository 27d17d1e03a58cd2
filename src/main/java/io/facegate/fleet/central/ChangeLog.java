package io.facegate.fleet.central;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.ReplicatedEmbedding;
import io.facegate.store.EmbeddingCodec;
import io.facegate.store.StoreRevision;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reading the central gallery the way followers do: the changes after a cursor, a consistent
 * snapshot to start from, and pruning, which bounds the log by age and raises its low-water mark.
 */
public final class ChangeLog {
  private static final String CHANGES_AFTER =
      "SELECT seq, op, embedding_id, username, display_name, model_id, vector, at, device_id, payload "
          + "FROM gallery_changes WHERE seq > $1 ORDER BY seq LIMIT $2";
  private static final String LINEAGE =
      "SELECT lineage, low_water FROM gallery_lineage WHERE id = 1";

  /**
   * The snapshot's seq: the newest entry it sees; commit order is seq order, so it holds every
   * smaller one.
   */
  private static final String HEAD =
      "SELECT l.lineage, greatest(l.low_water, coalesce((SELECT max(seq) FROM "
          + "gallery_changes), 0)) FROM gallery_lineage l WHERE l.id = 1";

  private final CentralDatabase db;

  public ChangeLog(CentralDatabase db) {
    this.db = db;
  }

  /**
   * Up to {@code limit} changes with seq above {@code after}, in seq order. Fails with {@link
   * FeedRefusal} when {@code lineage} is another history or the log was pruned past {@code after}.
   */
  public Future<ChangeBatch> changesAfter(String lineage, long after, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be at least 1"));
    }
    // The low-water mark is read after the rows: a prune that committed before the row read is
    // then seen too, so a batch with a hole left by pruning is never handed out.
    return db.withConnection(
        conn ->
            conn.preparedQuery(CHANGES_AFTER)
                .execute(Tuple.of(after, limit))
                .compose(
                    rows ->
                        conn.query(LINEAGE)
                            .execute()
                            .map(
                                state -> {
                                  Row head = state.iterator().next();
                                  String current = head.getString(0);
                                  if (!current.equals(lineage)) {
                                    throw new FeedRefusal(
                                        FeedRefusal.Reason.OTHER_LINEAGE,
                                        "the gallery's lineage is "
                                            + current
                                            + ", not "
                                            + lineage
                                            + ": load a new snapshot");
                                  }
                                  long lowWater = head.getLong(1);
                                  if (after < lowWater) {
                                    throw new FeedRefusal(
                                        FeedRefusal.Reason.GONE,
                                        "the change log starts after seq "
                                            + lowWater
                                            + ", past "
                                            + after
                                            + ": load a new snapshot");
                                  }
                                  List<GalleryChange> changes = new ArrayList<>(rows.size());
                                  rows.forEach(row -> changes.add(toChange(row)));
                                  long through =
                                      changes.isEmpty()
                                          ? after
                                          : changes.get(changes.size() - 1).seq();
                                  return new ChangeBatch(current, changes, through);
                                })));
  }

  /** The gallery's lineage and newest committed seq. */
  public Future<StoreRevision> head() {
    return db.withConnection(
        conn ->
            conn.query(HEAD)
                .execute()
                .map(
                    rows -> {
                      Row head = rows.iterator().next();
                      return new StoreRevision(head.getString(0), head.getLong(1));
                    }));
  }

  /**
   * Every embedding with its owner, the profiles, devices and revocations, and the (lineage, seq)
   * they are the state of, read in one REPEATABLE READ transaction so writes committing meanwhile
   * are either wholly in it or wholly after it.
   */
  public Future<GallerySnapshot> snapshot() {
    return db.inTransaction(
        conn ->
            conn.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute()
                .compose(v -> conn.query(HEAD).execute())
                .compose(
                    head ->
                        conn.query(
                                "SELECT e.id, p.username, p.display_name, e.model_id, e.vector FROM embeddings e "
                                    + "JOIN people p ON p.id = e.person_id ORDER BY e.id")
                            .collecting(
                                Collectors.mapping(ChangeLog::toEmbedding, Collectors.toList()))
                            .execute()
                            .compose(
                                embeddings ->
                                    CentralRecords.read(conn)
                                        .map(
                                            records -> {
                                              Row state = head.iterator().next();
                                              return new GallerySnapshot(
                                                  state.getString(0),
                                                  state.getLong(1),
                                                  embeddings.value(),
                                                  records.profiles(),
                                                  records.devices(),
                                                  records.revoked());
                                            }))));
  }

  /**
   * Drops log entries older than {@code retention}, always keeping the newest (it names the head),
   * and raises the low-water mark to the last dropped seq: a cursor below it is {@link
   * FeedRefusal.Reason#GONE}. Returns the low-water mark.
   */
  public Future<Long> prune(Duration retention) {
    double seconds = retention.toMillis() / 1000.0;
    return db.inTransaction(
        conn ->
            conn.preparedQuery(
                    "SELECT max(seq) FROM gallery_changes "
                        + "WHERE at < now() - make_interval(secs => $1) AND seq < (SELECT max(seq) FROM gallery_changes)")
                .execute(Tuple.of(seconds))
                .compose(
                    rows -> {
                      Long mark = rows.iterator().next().getLong(0);
                      return mark == null ? lowWater(conn) : dropThrough(conn, mark);
                    }));
  }

  private static Future<Long> dropThrough(SqlConnection conn, long mark) {
    return conn.preparedQuery("DELETE FROM gallery_changes WHERE seq <= $1")
        .execute(Tuple.of(mark))
        .compose(
            deleted ->
                conn.preparedQuery(
                        "UPDATE gallery_lineage SET low_water = greatest(low_water, $1) "
                            + "WHERE id = 1 RETURNING low_water")
                    .execute(Tuple.of(mark)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Long> lowWater(SqlConnection conn) {
    return conn.query(LINEAGE).execute().map(rows -> rows.iterator().next().getLong(1));
  }

  private static GalleryChange toChange(Row row) {
    Buffer vector = row.getBuffer("vector");
    Long embeddingId = row.getLong("embedding_id");
    String payload = row.getString("payload");
    return new GalleryChange(
        row.getLong("seq"),
        GalleryChange.Op.fromWire(row.getString("op")),
        embeddingId == null ? 0 : embeddingId,
        row.getString("username"),
        row.getString("display_name"),
        row.getString("model_id"),
        vector == null ? null : EmbeddingCodec.decode(vector.getBytes()),
        row.getOffsetDateTime("at").toInstant(),
        row.getString("device_id"),
        payload == null ? null : new JsonObject(payload));
  }

  private static ReplicatedEmbedding toEmbedding(Row row) {
    return new ReplicatedEmbedding(
        row.getLong(0),
        row.getString(1),
        row.getString(2),
        row.getString(3),
        EmbeddingCodec.decode(row.getBuffer(4).getBytes()));
  }
}
