package io.facegate.fleet.central;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Brings the central schema up to date with the scripts in {@code db/pg}, each applied once, in
 * order, and recorded in {@code schema_version}. Several central instances may start together: a
 * session advisory lock lets one migrate while the others wait, then find nothing left to do. Each
 * script runs in its own transaction (PostgreSQL DDL is transactional), so a failed one leaves the
 * schema of the script before it.
 */
final class PgMigrations {
  /** Every schema change in order. A released script is never edited: add a new one instead. */
  static final List<String> SCRIPTS = List.of("V1__gallery.sql", "V2__people_devices.sql");

  private static final long MIGRATION_LOCK = 7046690000L;

  private static final String CREATE_VERSION_TABLE =
      "CREATE TABLE IF NOT EXISTS schema_version ("
          + "version int PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";

  private PgMigrations() {}

  static Future<Void> apply(Pool pool) {
    return pool.withConnection(
        conn ->
            conn.preparedQuery("SELECT pg_advisory_lock($1)")
                .execute(Tuple.of(MIGRATION_LOCK))
                .compose(locked -> pending(conn))
                .eventually(
                    () ->
                        conn.preparedQuery("SELECT pg_advisory_unlock($1)")
                            .execute(Tuple.of(MIGRATION_LOCK))));
  }

  private static Future<Void> pending(SqlConnection conn) {
    return conn.query(CREATE_VERSION_TABLE)
        .execute()
        .compose(v -> conn.query("SELECT coalesce(max(version), 0) FROM schema_version").execute())
        .compose(
            rows -> {
              int current = rows.iterator().next().getInteger(0);
              Future<Void> chain = Future.succeededFuture();
              for (String script : SCRIPTS) {
                int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
                if (version > current) {
                  chain = chain.compose(v -> applyOne(conn, version, script));
                }
              }
              return chain;
            });
  }

  /**
   * A script may hold several statements and function bodies: the simple query protocol runs it
   * whole.
   */
  private static Future<Void> applyOne(SqlConnection conn, int version, String script) {
    return conn.begin()
        .compose(
            tx ->
                conn.query(read(script))
                    .execute()
                    .compose(
                        done ->
                            conn.preparedQuery(
                                    "INSERT INTO schema_version(version, script) VALUES ($1, $2)")
                                .execute(Tuple.of(version, script)))
                    .compose(recorded -> tx.commit())
                    .recover(e -> tx.rollback().transform(ignored -> Future.failedFuture(e))));
  }

  private static String read(String script) {
    try (InputStream in = PgMigrations.class.getResourceAsStream("/db/pg/" + script)) {
      if (in == null) {
        throw new IllegalStateException("migration " + script + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
