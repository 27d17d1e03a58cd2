package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** People and their face embeddings in SQLite. All SQL about them lives here. */
public final class PeopleStore {
  private static final String UPSERT_PERSON =
      "INSERT INTO people(username, display_name, metadata) VALUES (?, ?, ?) ON CONFLICT(username) "
          + "DO UPDATE SET display_name = coalesce(excluded.display_name, people.display_name), "
          + "metadata = coalesce(excluded.metadata, people.metadata) RETURNING id";
  private static final String INSERT_EMBEDDING =
      "INSERT INTO embeddings(person_id, model_id, dim, vector) VALUES (?, ?, ?, ?) RETURNING id";
  private static final String PERSON_COLUMNS =
      "SELECT p.username, p.display_name, p.created_at, p.metadata, p.groups_json, p.valid_until, "
          + "(SELECT count(*) FROM embeddings e WHERE e.person_id = p.id) AS embeddings FROM people p ";

  /** Keyset paging with the optional filters: each condition holds when its parameter is null. */
  private static final String LIST_PAGE =
      PERSON_COLUMNS
          + "WHERE p.username > ? "
          + "AND (? IS NULL OR lower(substr(p.username, 1, length(?))) = lower(?) "
          + "OR lower(substr(coalesce(p.display_name, ''), 1, length(?))) = lower(?)) "
          + "AND (? IS NULL OR EXISTS (SELECT 1 FROM json_each(p.groups_json) g WHERE g.value = ?)) "
          + "ORDER BY p.username LIMIT ?";

  private static final String SELECT_STATE = "SELECT lineage, seq FROM gallery_state WHERE id = 1";

  private final Database db;
  private final CropVault vault;

  public PeopleStore(Database db) {
    this(db, CropVault.OFF);
  }

  /**
   * With a {@link CropVault} other than {@link CropVault#OFF}, enrollments may keep their sealed
   * crops.
   */
  public PeopleStore(Database db, CropVault vault) {
    this.db = db;
    this.vault = vault;
  }

  /**
   * Adds {@code vectors} to {@code username}, creating the person if absent, in one transaction. An
   * existing display name is kept unless a non-null one is given. Enrollments of the same username
   * are serialized by the single writer connection, so concurrent ones both land on one person.
   * Fails with {@link StorageUnavailableException} when the disk is full or read-only.
   */
  public Future<Enrollment> enroll(
      String username, String displayName, List<float[]> vectors, String modelId) {
    return enroll(username, displayName, null, vectors, List.of(), modelId);
  }

  /**
   * As above, also sealing {@code crops} (encoded aligned crops, one per vector, or none) in the
   * same transaction, with each embedding's id as associated data: a person is never stored with
   * only part of their crops. Non-null {@code metadata} replaces the person's.
   */
  public Future<Enrollment> enroll(
      String username,
      String displayName,
      JsonObject metadata,
      List<float[]> vectors,
      List<byte[]> crops,
      String modelId) {
    if (vectors.isEmpty()) {
      return Future.failedFuture(new IllegalArgumentException("nothing to enroll for " + username));
    }
    if (!crops.isEmpty() && (!vault.keeps() || crops.size() != vectors.size())) {
      return Future.failedFuture(
          new IllegalArgumentException(
              !vault.keeps()
                  ? "crops given but the crop store is off"
                  : "one crop per vector is required"));
    }
    return db.inTransaction(
            conn ->
                conn.preparedQuery(UPSERT_PERSON)
                    .execute(
                        Tuple.of(
                            username, displayName, metadata == null ? null : metadata.encode()))
                    .compose(
                        rows -> {
                          long personId = rows.iterator().next().getLong(0);
                          return insertEmbeddings(conn, personId, vectors, modelId)
                              .compose(ids -> insertCrops(conn, ids, crops).map(ids))
                              .compose(
                                  ids ->
                                      countEmbeddings(conn, personId)
                                          .compose(
                                              total ->
                                                  seq(conn)
                                                      .map(
                                                          seq ->
                                                              new Enrollment(
                                                                  username, ids, total, seq))));
                        }))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  private static Future<List<Long>> insertEmbeddings(
      SqlConnection conn, long personId, List<float[]> vectors, String modelId) {
    List<Long> ids = new ArrayList<>(vectors.size());
    Future<Void> chain = Future.succeededFuture();
    for (float[] vector : vectors) {
      // A byte[] rather than a Buffer: the client turns Buffers into java.sql.Blob, which
      // sqlite-jdbc lacks.
      Tuple row = Tuple.of(personId, modelId, vector.length, EmbeddingCodec.encode(vector));
      chain =
          chain
              .compose(v -> conn.preparedQuery(INSERT_EMBEDDING).execute(row))
              .map(
                  rows -> {
                    ids.add(rows.iterator().next().getLong(0));
                    return null;
                  });
    }
    return chain.map(v -> ids);
  }

  private Future<Void> insertCrops(SqlConnection conn, List<Long> ids, List<byte[]> crops) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < crops.size(); i++) {
      long id = ids.get(i);
      byte[] crop = crops.get(i);
      chain = chain.compose(v -> Crops.insert(conn, id, vault.seal(id, crop)));
    }
    return chain;
  }

  private static Future<Integer> countEmbeddings(SqlConnection conn, long personId) {
    return conn.preparedQuery("SELECT count(*) FROM embeddings WHERE person_id = ?")
        .execute(Tuple.of(personId))
        .map(rows -> rows.iterator().next().getInteger(0));
  }

  /** The change sequence as this transaction sees it (after its own changes). */
  private static Future<Long> seq(SqlConnection conn) {
    return conn.query(SELECT_STATE).execute().map(rows -> rows.iterator().next().getLong(1));
  }

  /** The lineage and change sequence of the stored embeddings, as last committed. */
  public Future<StoreRevision> revision() {
    return db.reader()
        .query(SELECT_STATE)
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new StoreRevision(row.getString(0), row.getLong(1));
            });
  }

  public Future<Optional<Person>> find(String username) {
    return db.reader()
        .preparedQuery(PERSON_COLUMNS + "WHERE p.username = ?")
        .execute(Tuple.of(username))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(toPerson(rows.iterator().next())));
  }

  /** The person with every stored embedding, read on one connection so both agree. */
  public Future<Optional<PersonDetail>> describe(String username) {
    return db.reader()
        .withConnection(
            conn ->
                conn.preparedQuery(PERSON_COLUMNS + "WHERE p.username = ?")
                    .execute(Tuple.of(username))
                    .compose(
                        rows ->
                            rows.size() == 0
                                ? Future.succeededFuture(Optional.<PersonDetail>empty())
                                : photos(conn, username)
                                    .map(
                                        photos ->
                                            Optional.of(
                                                new PersonDetail(
                                                    toPerson(rows.iterator().next()), photos)))));
  }

  private static Future<List<Photo>> photos(SqlConnection conn, String username) {
    return conn.preparedQuery(
            "SELECT e.id, e.created_at, e.model_id FROM embeddings e "
                + "JOIN people p ON p.id = e.person_id WHERE p.username = ? ORDER BY e.id")
        .collecting(
            Collectors.mapping(
                (Row row) ->
                    new Photo(row.getLong(0), Instant.parse(row.getString(1)), row.getString(2)),
                Collectors.toList()))
        .execute(Tuple.of(username))
        .map(result -> result.value());
  }

  /**
   * Replaces the person's profile with {@code change} applied to the current one, in one
   * transaction (two concurrent edits never lose one another's fields); empty if no such person.
   * {@code change} may throw to refuse the edit, which then changes nothing.
   */
  public Future<Optional<Person>> updateProfile(String username, UnaryOperator<Profile> change) {
    return db.inTransaction(
            conn ->
                conn.preparedQuery(PERSON_COLUMNS + "WHERE p.username = ?")
                    .execute(Tuple.of(username))
                    .compose(
                        rows -> {
                          if (rows.size() == 0) {
                            return Future.succeededFuture(Optional.<Person>empty());
                          }
                          Profile changed =
                              change.apply(toPerson(rows.iterator().next()).profile());
                          return conn.preparedQuery(
                                  "UPDATE people SET display_name = ?, metadata = ?, groups_json = ?, "
                                      + "valid_until = ? WHERE username = ?")
                              .execute(ProfileColumns.values(changed).addString(username))
                              .compose(
                                  updated ->
                                      conn.preparedQuery(PERSON_COLUMNS + "WHERE p.username = ?")
                                          .execute(Tuple.of(username)))
                              .map(updated -> Optional.of(toPerson(updated.iterator().next())));
                        }))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  /** Every person on one page, as {@link #list(int, String, PeopleFilter)} with no filter. */
  public Future<PersonPage> list(int limit, String cursor) {
    return list(limit, cursor, PeopleFilter.EVERYONE);
  }

  /**
   * Up to {@code limit} people that pass {@code filter}, ordered by username, starting after {@code
   * cursor} (null for the first page). Keyset paging: pages stay consistent while people are added
   * or removed.
   */
  public Future<PersonPage> list(int limit, String cursor, PeopleFilter filter) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be at least 1"));
    }
    String after;
    try {
      after = cursor == null ? "" : Cursor.decode(cursor);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // One row more than asked tells whether another page follows.
    String prefix = filter.prefix();
    String group = filter.group();
    return db.reader()
        .preparedQuery(LIST_PAGE)
        .execute(
            Tuple.from(
                Arrays.asList(
                    after, prefix, prefix, prefix, prefix, prefix, group, group, limit + 1)))
        .map(
            rows -> {
              List<Person> people = new ArrayList<>(limit);
              for (Row row : rows) {
                people.add(toPerson(row));
              }
              if (people.size() <= limit) {
                return new PersonPage(people, null);
              }
              List<Person> page = List.copyOf(people.subList(0, limit));
              return new PersonPage(page, Cursor.encode(page.get(limit - 1).username()));
            });
  }

  /**
   * Deletes the person, every embedding and their crops; the removed embedding ids and the change
   * sequence after the delete, or empty if no such person.
   */
  public Future<Optional<Removal>> delete(String username) {
    return db.<Optional<Removal>>inTransaction(
            conn ->
                conn.preparedQuery("SELECT id FROM people WHERE username = ?")
                    .execute(Tuple.of(username))
                    .compose(
                        people -> {
                          if (people.size() == 0) {
                            return Future.succeededFuture(Optional.empty());
                          }
                          long personId = people.iterator().next().getLong(0);
                          return conn.preparedQuery(
                                  "SELECT id FROM embeddings WHERE person_id = ? ORDER BY id")
                              .collecting(
                                  Collectors.mapping(
                                      (Row row) -> row.getLong(0), Collectors.toList()))
                              .execute(Tuple.of(personId))
                              .compose(
                                  ids ->
                                      conn.preparedQuery(
                                              "DELETE FROM people WHERE id = ?") // embeddings and
                                          // crops
                                          // cascade
                                          .execute(Tuple.of(personId))
                                          .compose(deleted -> seq(conn))
                                          .map(seq -> Optional.of(new Removal(ids.value(), seq))));
                        }))
        .compose(removal -> erased(removal.isPresent()).map(removal));
  }

  /** After a committed removal its bytes leave the write-ahead log too. */
  private Future<Void> erased(boolean removed) {
    return removed ? db.eraseFreedPages() : Future.succeededFuture();
  }

  /**
   * Removes the embedding {@code embeddingId} of {@code username} with its crop, unless it is their
   * last one.
   */
  public Future<PhotoRemoval> removePhoto(String username, long embeddingId) {
    return db.inTransaction(
            conn ->
                PhotoRemoval.remove(
                    conn,
                    "SELECT p.id, (SELECT count(*) FROM embeddings e WHERE e.person_id = p.id), "
                        + "(SELECT count(*) FROM embeddings e WHERE e.person_id = p.id AND e.id = ?) "
                        + "FROM people p WHERE p.username = ?",
                    "DELETE FROM embeddings WHERE id = ?",
                    username,
                    embeddingId,
                    PeopleStore::seq))
        .compose(removal -> erased(removal.outcome() == PhotoRemoval.Outcome.REMOVED).map(removal))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  /**
   * Every embedding with its owner, for rebuilding the index at boot. Rows are decoded as they are
   * read (a collector, not a materialized row set), so 100k vectors cost one copy in memory.
   */
  public Future<List<StoredEmbedding>> loadAll() {
    return db.reader()
        .query(
            "SELECT e.id, p.username, e.model_id, e.vector FROM embeddings e "
                + "JOIN people p ON p.id = e.person_id ORDER BY e.id")
        .collecting(Collectors.mapping(PeopleStore::toStoredEmbedding, Collectors.toList()))
        .execute()
        .map(result -> result.value());
  }

  /**
   * Relabels embeddings stored under {@code formerIds} as {@code modelId}, in one transaction;
   * returns how many. Only for ids that name the same network with outputs equal bit for bit (a
   * faster conversion of the same weights): the vectors stay valid, only their label was tied to
   * the old file's bytes.
   */
  public Future<Integer> adoptModelIds(List<String> formerIds, String modelId) {
    if (formerIds.isEmpty()) {
      return Future.succeededFuture(0);
    }
    String marks = String.join(", ", java.util.Collections.nCopies(formerIds.size(), "?"));
    Tuple args = Tuple.of(modelId);
    formerIds.forEach(args::addString);
    return db.inTransaction(
            conn ->
                conn.preparedQuery(
                        "UPDATE embeddings SET model_id = ? WHERE model_id IN (" + marks + ")")
                    .execute(args)
                    .map(SqlResult::rowCount))
        .recover(e -> Future.failedFuture(StorageUnavailableException.classify(e)));
  }

  /** Ids of the embeddings made by {@code modelId}, ascending: what the index must hold. */
  public Future<long[]> embeddingIds(String modelId) {
    return db.reader()
        .preparedQuery("SELECT id FROM embeddings WHERE model_id = ? ORDER BY id")
        .collecting(Collectors.mapping((Row row) -> row.getLong(0), Collectors.toList()))
        .execute(Tuple.of(modelId))
        .map(result -> result.value().stream().mapToLong(Long::longValue).toArray());
  }

  private static StoredEmbedding toStoredEmbedding(Row row) {
    return new StoredEmbedding(
        row.getLong(0),
        row.getString(1),
        row.getString(2),
        EmbeddingCodec.decode(row.getBuffer(3).getBytes()));
  }

  private static Person toPerson(Row row) {
    Profile profile = ProfileColumns.of(row);
    return new Person(
        row.getString("username"),
        profile.displayName(),
        row.getInteger("embeddings"),
        Instant.parse(row.getString("created_at")),
        profile.metadata(),
        profile.groups(),
        profile.validUntil());
  }

  /** Page cursors are the last username seen, base64url-encoded so clients treat them as opaque. */
  private static final class Cursor {
    static String encode(String username) {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(username.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
      try {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("invalid cursor", e);
      }
    }
  }
}
