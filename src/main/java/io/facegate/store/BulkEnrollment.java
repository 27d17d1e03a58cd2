package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Many people with one embedding each, written as two batched statements in one transaction: the
 * path of the {@code synth} command, which fills a store with 100k+ people for the scale
 * benchmarks. One statement per person (as {@link PeopleStore#enroll} does it) would take minutes
 * at that size.
 */
public final class BulkEnrollment {
  private static final String INSERT_PERSON =
      "INSERT INTO people(username, display_name) VALUES (?, ?)";
  private static final String INSERT_EMBEDDING =
      "INSERT INTO embeddings(person_id, model_id, dim, vector) "
          + "VALUES ((SELECT id FROM people WHERE username = ?), ?, ?, ?)";

  private final Database db;

  public BulkEnrollment(Database db) {
    this.db = db;
  }

  /**
   * Adds {@code usernames.get(i)} with {@code vectors.get(i)}; fails (adding nobody) if any
   * username exists.
   */
  public Future<Void> enroll(
      List<String> usernames, String displayName, List<float[]> vectors, String modelId) {
    if (usernames.size() != vectors.size()) {
      return Future.failedFuture(new IllegalArgumentException("one vector per person expected"));
    }
    List<Tuple> people = new ArrayList<>(usernames.size());
    List<Tuple> embeddings = new ArrayList<>(usernames.size());
    for (int i = 0; i < usernames.size(); i++) {
      people.add(Tuple.of(usernames.get(i), displayName));
      float[] v = vectors.get(i);
      embeddings.add(Tuple.of(usernames.get(i), modelId, v.length, EmbeddingCodec.encode(v)));
    }
    return db.inTransaction(
        conn ->
            conn.preparedQuery(INSERT_PERSON)
                .executeBatch(people)
                .compose(done -> conn.preparedQuery(INSERT_EMBEDDING).executeBatch(embeddings))
                .mapEmpty());
  }

  /**
   * How many people have a username starting with {@code prefix}, so a second run can number on.
   */
  public Future<Integer> countWithPrefix(String prefix) {
    return db.reader()
        .preparedQuery("SELECT count(*) FROM people WHERE username LIKE ? ESCAPE '\\'")
        .execute(
            Tuple.of(prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"))
        .map(rows -> rows.iterator().next().getInteger(0));
  }
}
