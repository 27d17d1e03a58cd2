package io.facegate.fleet.central;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The central gallery's PostgreSQL database (FACEGATE_POSTGRES_URL), migrated to the current schema
 * when opened. Requests fail fast while it is down, with {@link CentralUnavailableException}: a
 * bounded connect and a bounded wait for a pooled connection, so an enrollment desk gets a quick
 * 503 instead of a request hanging on an unreachable server.
 */
public final class CentralDatabase {
  private static final int CONNECT_TIMEOUT_MS = 2_000;
  private static final int POOL_WAIT_MS = 3_000;
  private static final int POOL_SIZE = 8;

  private final Pool pool;
  private final PgConnectOptions connectOptions;

  private CentralDatabase(Pool pool, PgConnectOptions connectOptions) {
    this.pool = pool;
    this.connectOptions = connectOptions;
  }

  /**
   * Connects to {@code url} ({@code postgresql://user@host:port/db}; {@code password} may be null)
   * and migrates.
   */
  public static Future<CentralDatabase> open(Vertx vertx, String url, String password) {
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(url);
    } catch (RuntimeException e) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "FACEGATE_POSTGRES_URL is not a PostgreSQL URL ("
                  + e.getMessage()
                  + "): expected postgresql://USER@HOST:PORT/DATABASE",
              e));
    }
    if (password != null) {
      options.setPassword(password);
    }
    Pool pool =
        PgBuilder.pool()
            .with(
                new PoolOptions()
                    .setMaxSize(POOL_SIZE)
                    .setName("central-postgres")
                    .setConnectionTimeout(POOL_WAIT_MS)
                    .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS))
            .with(new NetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS))
            .connectingTo(options)
            .using(vertx)
            .build();
    CentralDatabase db = new CentralDatabase(pool, options);
    return PgMigrations.apply(pool)
        .map(db)
        .recover(
            e ->
                db.close()
                    .transform(
                        ignored -> Future.failedFuture(CentralUnavailableException.classify(e))));
  }

  /**
   * Runs {@code work} in one transaction: committed if its future succeeds, rolled back otherwise.
   */
  <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    return pool.withTransaction(work)
        .recover(e -> Future.failedFuture(CentralUnavailableException.classify(e)));
  }

  /** Runs {@code work} on one connection, outside an explicit transaction. */
  <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) {
    return pool.withConnection(work)
        .recover(e -> Future.failedFuture(CentralUnavailableException.classify(e)));
  }

  /**
   * Where a listener (see {@link GallerySignal}) connects: the same server and credentials as the
   * pool.
   */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(connectOptions);
  }

  public Future<Void> close() {
    return pool.close();
  }
}
