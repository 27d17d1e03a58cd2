package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Brings the schema up to date with the scripts in {@code db/migration}, each applied once, in
 * order, and recorded in {@code schema_version}. All pending scripts run in one transaction (SQLite
 * DDL is transactional), so a failed upgrade leaves the previous schema intact.
 */
final class Migrations {
  /** Every schema change in order. A released script is never edited: add a new one instead. */
  private static final List<String> SCRIPTS =
      List.of(
          "V1__people_and_embeddings.sql",
          "V2__audit.sql",
          "V3__crops.sql",
          "V4__gallery_state.sql",
          "V5__replica_state.sql",
          "V6__person_profile.sql",
          "V7__devices.sql");

  private static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version ("
          + "version INTEGER PRIMARY KEY, script TEXT NOT NULL, "
          + "applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))";

  private Migrations() {}

  static Future<Void> apply(Database db) {
    return db.inTransaction(
        conn ->
            conn.query(CREATE_VERSION_TABLE)
                .execute()
                .compose(
                    v ->
                        conn.query("SELECT coalesce(max(version), 0) FROM schema_version")
                            .execute())
                .compose(rows -> applyAfter(conn, rows.iterator().next().getInteger(0))));
  }

  private static Future<Void> applyAfter(SqlConnection conn, int currentVersion) {
    Future<Void> chain = Future.succeededFuture();
    for (String script : SCRIPTS) {
      int version = versionOf(script);
      if (version > currentVersion) {
        chain =
            chain
                .compose(v -> run(conn, script))
                .compose(
                    v ->
                        conn.preparedQuery(
                                "INSERT INTO schema_version(version, script) VALUES (?, ?)")
                            .execute(Tuple.of(version, script)))
                .mapEmpty();
      }
    }
    return chain;
  }

  /**
   * The JDBC driver runs one statement per call, so a script is split at the semicolons ending its
   * lines.
   */
  private static Future<Void> run(SqlConnection conn, String script) {
    Future<Void> chain = Future.succeededFuture();
    for (String statement : statements(read(script))) {
      chain = chain.compose(v -> conn.query(statement).execute()).mapEmpty();
    }
    return chain;
  }

  private static List<String> statements(String sql) {
    String withoutComments =
        sql.lines()
            .filter(line -> !line.strip().startsWith("--"))
            .collect(Collectors.joining("\n"));
    return Arrays.stream(withoutComments.split(";\\s*(\\n|$)"))
        .map(String::strip)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static int versionOf(String script) {
    return Integer.parseInt(script.substring(1, script.indexOf("__")));
  }

  private static String read(String script) {
    try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
