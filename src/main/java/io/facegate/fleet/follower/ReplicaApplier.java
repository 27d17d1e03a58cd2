package io.facegate.fleet.follower;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.ReplicatedEmbedding;
import io.facegate.store.Database;
import io.facegate.store.EmbeddingCodec;
import io.facegate.store.StoreRevision;
import io.facegate.store.StoredEmbedding;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A follower's side of replication: applies a batch of central changes (embeddings, profiles,
 * devices, revocations; see {@link ReplicaRecords}) to the local SQLite replica in one transaction
 * together with its cursor ({@code replica_state}), so after a crash the rows and the cursor agree.
 * Embeddings keep the central's ids. Changes at or below the cursor are skipped and inserts of
 * present ids are ignored, deletes of absent ids do nothing: applying a batch twice is applying it
 * once. A person goes when their last embedding does.
 */
public final class ReplicaApplier {
  private static final String SELECT_CURSOR = "SELECT lineage, seq FROM replica_state WHERE id = 1";
  private static final String UPSERT_PERSON =
      "INSERT INTO people(username, display_name) VALUES (?, ?) "
          + "ON CONFLICT(username) DO UPDATE SET display_name = coalesce(excluded.display_name, people.display_name)";
  private static final String INSERT_EMBEDDING =
      "INSERT OR IGNORE INTO embeddings(id, person_id, model_id, dim, vector) "
          + "VALUES (?, (SELECT id FROM people WHERE username = ?), ?, ?, ?)";
  private static final String DELETE_EMBEDDING = "DELETE FROM embeddings WHERE id = ?";
  private static final String DELETE_IF_EMPTY =
      "DELETE FROM people WHERE username = ? "
          + "AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.person_id = people.id)";
  private static final String SELECT_EMBEDDINGS =
      "SELECT e.id, p.username, e.vector FROM embeddings e "
          + "JOIN people p ON p.id = e.person_id";
  private static final String SAVE_CURSOR =
      "INSERT INTO replica_state(id, lineage, seq) VALUES (1, ?, ?) "
          + "ON CONFLICT(id) DO UPDATE SET lineage = excluded.lineage, seq = excluded.seq";

  private final Database db;

  public ReplicaApplier(Database db) {
    this.db = db;
  }

  /**
   * The replica's position: the lineage it follows and the last seq applied; empty before the first
   * batch.
   */
  public Future<Optional<StoreRevision>> cursor() {
    return db.inTransaction(ReplicaApplier::cursor);
  }

  /**
   * Applies {@code batch}. Fails with {@link FeedRefusal} ({@link
   * FeedRefusal.Reason#OTHER_LINEAGE}) when the replica follows another lineage: it must be rebuilt
   * from a snapshot, not patched.
   */
  public Future<AppliedBatch> apply(ChangeBatch batch) {
    return erasing(
        db.inTransaction(
            conn ->
                cursor(conn)
                    .compose(
                        current -> {
                          if (current.isPresent()
                              && !current.get().lineage().equals(batch.lineage())) {
                            return Future.failedFuture(
                                new FeedRefusal(
                                    FeedRefusal.Reason.OTHER_LINEAGE,
                                    "the replica follows lineage "
                                        + current.get().lineage()
                                        + ", the batch is of "
                                        + batch.lineage()
                                        + ": rebuild it from a snapshot"));
                          }
                          long applied = current.map(StoreRevision::seq).orElse(0L);
                          List<GalleryChange> fresh =
                              batch.changes().stream().filter(c -> c.seq() > applied).toList();
                          Plan plan =
                              Plan.of(fresh.stream().filter(GalleryChange::embedding).toList());
                          long reached = Math.max(applied, batch.through());
                          return storeSeq(conn)
                              .compose(
                                  before ->
                                      inOrder(conn, fresh)
                                          .compose(v -> saveCursor(conn, batch.lineage(), reached))
                                          .compose(v -> storeSeq(conn))
                                          .map(
                                              after ->
                                                  new AppliedBatch(
                                                      batch.lineage(),
                                                      reached,
                                                      plan.added,
                                                      plan.removed,
                                                      after,
                                                      Math.toIntExact(after - before),
                                                      ReplicaRecords.doorChanges(fresh))));
                        })));
  }

  /**
   * Makes the replica hold exactly {@code snapshot}, whatever it held before (nothing, an older
   * state, another lineage): the difference is applied in one transaction, so the replica serves
   * its old gallery until the new one is complete. An embedding whose id is kept but whose owner or
   * vector differs (another history reusing an id) is removed and inserted again.
   */
  public Future<AppliedBatch> reset(GallerySnapshot snapshot) {
    return erasing(
        db.inTransaction(
            conn ->
                conn.query(SELECT_EMBEDDINGS)
                    .execute()
                    .compose(
                        rows -> {
                          Map<Long, ReplicatedEmbedding> wanted = new HashMap<>();
                          snapshot.embeddings().forEach(e -> wanted.put(e.id(), e));
                          List<GalleryChange> deletes = new ArrayList<>();
                          Set<Long> kept = new HashSet<>();
                          for (Row row : rows) {
                            long id = row.getLong(0);
                            ReplicatedEmbedding target = wanted.get(id);
                            if (target != null
                                && target.username().equals(row.getString(1))
                                && Arrays.equals(
                                    EmbeddingCodec.encode(target.vector()),
                                    row.getBuffer(2).getBytes())) {
                              kept.add(id);
                            } else {
                              deletes.add(
                                  new GalleryChange(
                                      snapshot.seq(),
                                      GalleryChange.Op.DELETE,
                                      id,
                                      row.getString(1),
                                      null,
                                      null,
                                      null,
                                      Instant.EPOCH));
                            }
                          }
                          List<GalleryChange> inserts =
                              snapshot.embeddings().stream()
                                  .filter(e -> !kept.contains(e.id()))
                                  .map(
                                      e ->
                                          new GalleryChange(
                                              snapshot.seq(),
                                              GalleryChange.Op.INSERT,
                                              e.id(),
                                              e.username(),
                                              e.displayName(),
                                              e.modelId(),
                                              e.vector(),
                                              Instant.EPOCH))
                                  .toList();
                          Plan removal = Plan.of(deletes);
                          Plan addition = Plan.of(inserts);
                          return storeSeq(conn)
                              .compose(
                                  before ->
                                      write(conn, removal)
                                          .compose(v -> write(conn, addition))
                                          .compose(v -> ReplicaRecords.reset(conn, snapshot))
                                          .compose(
                                              doors ->
                                                  saveCursor(
                                                          conn, snapshot.lineage(), snapshot.seq())
                                                      .compose(v -> storeSeq(conn))
                                                      .map(
                                                          after ->
                                                              new AppliedBatch(
                                                                  snapshot.lineage(),
                                                                  snapshot.seq(),
                                                                  addition.added,
                                                                  removal.removed,
                                                                  after,
                                                                  Math.toIntExact(after - before),
                                                                  doors))));
                        })));
  }

  /**
   * Once a batch that removed embeddings is committed, their bytes leave the write-ahead log too:
   * the door acknowledges an erasure only when it is off its disk.
   */
  private Future<AppliedBatch> erasing(Future<AppliedBatch> applied) {
    return applied.compose(
        batch ->
            batch.removed().isEmpty()
                ? Future.succeededFuture(batch)
                : db.eraseFreedPages().map(batch));
  }

  /**
   * {@code changes} in seq order, each run of one op as one statement per table: a person deleted
   * and enrolled again within a batch starts with an empty profile, as on the central, and a
   * profile change lands after the inserts that create its person.
   */
  private static Future<Void> inOrder(SqlConnection conn, List<GalleryChange> changes) {
    Future<Void> chain = Future.succeededFuture();
    int from = 0;
    while (from < changes.size()) {
      GalleryChange.Op op = changes.get(from).op();
      int to = from;
      while (to < changes.size() && changes.get(to).op() == op) {
        to++;
      }
      List<GalleryChange> run = changes.subList(from, to);
      chain =
          chain.compose(
              v ->
                  run.get(0).embedding()
                      ? write(conn, Plan.of(run))
                      : ReplicaRecords.write(conn, run));
      from = to;
    }
    return chain;
  }

  /** Deletes first: a person emptied and given new rows in one plan is never left half-removed. */
  private static Future<Void> write(SqlConnection conn, Plan plan) {
    return batch(conn, UPSERT_PERSON, plan.people)
        .compose(v -> batch(conn, INSERT_EMBEDDING, plan.embeddings))
        .compose(v -> batch(conn, DELETE_EMBEDDING, plan.deletes))
        .compose(v -> batch(conn, DELETE_IF_EMPTY, plan.emptied))
        .mapEmpty();
  }

  private static Future<Void> saveCursor(SqlConnection conn, String lineage, long seq) {
    return conn.preparedQuery(SAVE_CURSOR).execute(Tuple.of(lineage, seq)).mapEmpty();
  }

  /**
   * The local store's change sequence (store.StoreRevision), which the index tracks for its
   * snapshots.
   */
  private static Future<Long> storeSeq(SqlConnection conn) {
    return conn.query("SELECT seq FROM gallery_state WHERE id = 1")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  private static Future<Optional<StoreRevision>> cursor(SqlConnection conn) {
    return conn.query(SELECT_CURSOR)
        .execute()
        .map(
            rows -> {
              if (rows.size() == 0) {
                return Optional.empty();
              }
              Row row = rows.iterator().next();
              return Optional.of(new StoreRevision(row.getString(0), row.getLong(1)));
            });
  }

  /** One statement for many rows; the JDBC client refuses an empty batch, so none is sent. */
  static Future<RowSet<Row>> batch(SqlConnection conn, String sql, List<Tuple> rows) {
    return rows.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(sql).executeBatch(rows);
  }

  /** The statements' arguments for a run of changes in seq order, and what the index must learn. */
  private record Plan(
      List<Tuple> people,
      List<Tuple> embeddings,
      List<Tuple> deletes,
      List<Tuple> emptied,
      List<StoredEmbedding> added,
      List<Long> removed) {

    static Plan of(List<GalleryChange> changes) {
      Plan plan =
          new Plan(
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>(),
              new ArrayList<>());
      Set<Long> deleted = new HashSet<>();
      Set<String> emptiedNames = new LinkedHashSet<>();
      for (GalleryChange c : changes) {
        if (c.op() == GalleryChange.Op.DELETE) {
          deleted.add(c.embeddingId());
          emptiedNames.add(c.username());
          plan.deletes.add(Tuple.of(c.embeddingId()));
          plan.removed.add(c.embeddingId());
        } else if (c.vector()
            != null) { // a blanked insert: its embedding is deleted later in the log
          plan.people.add(Tuple.of(c.username(), c.displayName()));
          // A byte[] rather than a Buffer: the client turns Buffers into java.sql.Blob, which
          // sqlite-jdbc lacks.
          plan.embeddings.add(
              Tuple.of(
                  c.embeddingId(),
                  c.username(),
                  c.modelId(),
                  c.vector().length,
                  EmbeddingCodec.encode(c.vector())));
        }
      }
      for (GalleryChange c : changes) {
        if (c.op() == GalleryChange.Op.INSERT
            && c.vector() != null
            && !deleted.contains(c.embeddingId())) {
          plan.added.add(
              new StoredEmbedding(c.embeddingId(), c.username(), c.modelId(), c.vector()));
        }
      }
      emptiedNames.forEach(name -> plan.emptied.add(Tuple.of(name)));
      return plan;
    }
  }
}
