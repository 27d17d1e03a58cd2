package io.facegate.fleet.central;

import io.facegate.store.EmbeddingCodec;
import io.facegate.store.Enrollment;
import io.facegate.store.Removal;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Writes to the central gallery: enrollments, deletions and bulk imports. The change log entries
 * are written by the schema's triggers inside each transaction, so every write returns the gallery
 * seq it committed; a reader that waits for that seq sees the write.
 */
public final class CentralGallery {
  /**
   * People per import transaction: large enough to amortize round trips, small enough not to hold
   * the log lock long.
   */
  public static final int IMPORT_BATCH = 1_000;

  private static final String UPSERT_PERSON =
      "INSERT INTO people(username, display_name) VALUES ($1, $2) ON CONFLICT (username) "
          + "DO UPDATE SET display_name = coalesce(excluded.display_name, people.display_name) RETURNING id";
  private static final String UPSERT_PEOPLE =
      "INSERT INTO people(username, display_name) SELECT * FROM unnest($1::text[], $2::text[]) "
          + "ON CONFLICT (username) DO UPDATE SET display_name = coalesce(excluded.display_name, people.display_name) "
          + "RETURNING id, username";
  private static final String INSERT_EMBEDDINGS =
      "INSERT INTO embeddings(person_id, model_id, dim, vector) "
          + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::bytea[]) RETURNING id";
  private static final String LAST_SEQ = "SELECT currval('gallery_seq')";

  private final CentralDatabase db;

  public CentralGallery(CentralDatabase db) {
    this.db = db;
  }

  /**
   * Adds {@code vectors} to {@code username}, creating the person if absent; an existing display
   * name is kept unless a non-null one is given. The result's seq is the gallery seq of this
   * enrollment.
   */
  public Future<Enrollment> enroll(
      String username, String displayName, List<float[]> vectors, String modelId) {
    if (vectors.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("nothing to enroll for " + username));
    }
    return db.inTransaction(
        conn ->
            conn.preparedQuery(UPSERT_PERSON)
                .execute(Tuple.of(username, displayName))
                .compose(
                    rows -> {
                      long personId = rows.iterator().next().getLong(0);
                      EmbeddingRows embeddings = new EmbeddingRows();
                      vectors.forEach(v -> embeddings.add(personId, modelId, v));
                      return embeddings
                          .insert(conn)
                          .compose(
                              ids ->
                                  conn.preparedQuery(
                                          "SELECT count(*) FROM embeddings WHERE person_id = $1")
                                      .execute(Tuple.of(personId))
                                      .compose(
                                          count ->
                                              lastSeq(conn)
                                                  .map(
                                                      seq ->
                                                          new Enrollment(
                                                              username,
                                                              ids,
                                                              count.iterator().next().getInteger(0),
                                                              seq))));
                    }));
  }

  /**
   * Deletes the person and every embedding of theirs; the removed ids and the gallery seq of the
   * delete, or empty if no such person. Embeddings go first, while the person row can still name
   * them in the log.
   */
  public Future<Optional<Removal>> delete(String username) {
    return db.inTransaction(
        conn ->
            conn.preparedQuery("SELECT id FROM people WHERE username = $1 FOR UPDATE")
                .execute(Tuple.of(username))
                .compose(
                    people -> {
                      if (people.size() == 0) {
                        return Future.succeededFuture(Optional.empty());
                      }
                      long personId = people.iterator().next().getLong(0);
                      return conn.preparedQuery(
                              "DELETE FROM embeddings WHERE person_id = $1 RETURNING id")
                          .execute(Tuple.of(personId))
                          .compose(
                              deleted -> {
                                List<Long> ids = new ArrayList<>();
                                deleted.forEach(row -> ids.add(row.getLong(0)));
                                ids.sort(null);
                                return conn.preparedQuery("DELETE FROM people WHERE id = $1")
                                    .execute(Tuple.of(personId))
                                    .compose(gone -> ids.isEmpty() ? headSeq(conn) : lastSeq(conn))
                                    .map(seq -> Optional.of(new Removal(ids, seq)));
                              });
                    }));
  }

  /**
   * Stores many people, {@link #IMPORT_BATCH} per transaction, each batch as two array statements
   * rather than a statement per row. People who exist get the embeddings added, as with enroll. A
   * failure stops the import; the batches before it stay committed (and logged).
   */
  public Future<ImportResult> importPeople(List<ImportedPerson> people) {
    Set<String> seen = new HashSet<>();
    for (ImportedPerson p : people) {
      if (!seen.add(p.username())) {
        return Future.failedFuture(
            new IllegalArgumentException("the import names " + p.username() + " twice"));
      }
      if (p.vectors().isEmpty()) {
        return Future.failedFuture(
            new IllegalArgumentException("nothing to import for " + p.username()));
      }
    }
    Future<ImportResult> chain = Future.succeededFuture(new ImportResult(0, 0, 0));
    for (int from = 0; from < people.size(); from += IMPORT_BATCH) {
      List<ImportedPerson> batch =
          people.subList(from, Math.min(people.size(), from + IMPORT_BATCH));
      chain =
          chain.compose(
              sofar ->
                  importBatch(batch)
                      .map(
                          done ->
                              new ImportResult(
                                  sofar.people() + done.people(),
                                  sofar.embeddings() + done.embeddings(),
                                  done.seq())));
    }
    return chain;
  }

  private Future<ImportResult> importBatch(List<ImportedPerson> batch) {
    String[] usernames = batch.stream().map(ImportedPerson::username).toArray(String[]::new);
    String[] displayNames = batch.stream().map(ImportedPerson::displayName).toArray(String[]::new);
    return db.inTransaction(
        conn ->
            conn.preparedQuery(UPSERT_PEOPLE)
                // addValue, not Tuple.of: of(Object, Object...) would spread the second array into
                // parameters.
                .execute(Tuple.tuple().addValue(usernames).addValue(displayNames))
                .compose(
                    rows -> {
                      Map<String, Long> ids = new HashMap<>();
                      for (Row row : rows) {
                        ids.put(row.getString(1), row.getLong(0));
                      }
                      EmbeddingRows embeddings = new EmbeddingRows();
                      for (ImportedPerson p : batch) {
                        p.vectors()
                            .forEach(v -> embeddings.add(ids.get(p.username()), p.modelId(), v));
                      }
                      return embeddings
                          .insert(conn)
                          .compose(
                              inserted ->
                                  lastSeq(conn)
                                      .map(
                                          seq ->
                                              new ImportResult(
                                                  batch.size(), inserted.size(), seq)));
                    }));
  }

  /** The seq this session's trigger last took, i.e. this transaction's last log entry. */
  private static Future<Long> lastSeq(SqlConnection conn) {
    return conn.query(LAST_SEQ).execute().map(rows -> rows.iterator().next().getLong(0));
  }

  /** The log's newest seq as this transaction sees it, for a write that logged nothing. */
  private static Future<Long> headSeq(SqlConnection conn) {
    return conn.query("SELECT coalesce(max(seq), 0) FROM gallery_changes")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Embedding rows gathered as column arrays, inserted by one statement (one trigger run, one log
   * lock).
   */
  private static final class EmbeddingRows {
    private final List<Long> personIds = new ArrayList<>();
    private final List<String> modelIds = new ArrayList<>();
    private final List<Integer> dims = new ArrayList<>();
    private final List<Buffer> vectors = new ArrayList<>();

    void add(long personId, String modelId, float[] vector) {
      personIds.add(personId);
      modelIds.add(modelId);
      dims.add(vector.length);
      vectors.add(Buffer.buffer(EmbeddingCodec.encode(vector)));
    }

    /** The new ids, ascending (the order they were given in). */
    Future<List<Long>> insert(SqlConnection conn) {
      Tuple args =
          Tuple.tuple()
              .addValue(personIds.toArray(Long[]::new))
              .addValue(modelIds.toArray(String[]::new))
              .addValue(dims.toArray(Integer[]::new))
              .addValue(vectors.toArray(Buffer[]::new));
      return conn.preparedQuery(INSERT_EMBEDDINGS)
          .execute(args)
          .map(
              rows -> {
                List<Long> ids = new ArrayList<>(rows.size());
                rows.forEach(row -> ids.add(row.getLong(0)));
                ids.sort(null);
                return ids;
              });
    }
  }
}
