package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;

/**
 * The SQLite file {@code <dataDir>/facegate.db}, opened with durable settings and migrated to the
 * current schema.
 *
 * <p>SQLite allows one writer at a time, so writes go through a pool of exactly one connection: the
 * pool queues them without blocking threads, where several writer connections would only wait on
 * each other inside the busy timeout. Reads use their own small pool; in WAL mode they run beside
 * the writer and see the last committed state.
 */
public final class Database {
  public static final String FILE_NAME = "facegate.db";
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private static final int READERS = 2;

  private final Pool writer;
  private final Pool reader;
  private final DataLock lock;

  private Database(Vertx vertx, Path file, DataLock lock) {
    this.lock = lock;
    SQLiteDataSource dataSource = new SQLiteDataSource(durableConfig());
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    // The data source applies its config to every connection it opens, so each pooled connection
    // gets the per-connection pragmas (synchronous, busy_timeout, foreign_keys), not just the
    // first.
    this.writer =
        JDBCPool.pool(vertx, dataSource, new PoolOptions().setMaxSize(1).setName("sqlite-writer"));
    this.reader =
        JDBCPool.pool(
            vertx, dataSource, new PoolOptions().setMaxSize(READERS).setName("sqlite-readers"));
  }

  private static SQLiteConfig durableConfig() {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL syncs the WAL on every commit: an acknowledged enrollment survives power loss.
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5000);
    config.enforceForeignKeys(true);
    // A deleted template must leave the disk: without this SQLite keeps freed rows' bytes in its
    // pages.
    config.setPragma(SQLiteConfig.Pragma.SECURE_DELETE, "true");
    // Take the write lock at BEGIN, so a transaction that reads then writes waits for another
    // process (a backup, the sqlite3 shell) instead of failing with SQLITE_BUSY on its first write.
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    // Only takes effect when the file is created. 16 KiB pages keep several 512-D (2 KiB) vectors
    // per
    // page; with 4 KiB pages such rows waste about half the file.
    config.setPageSize(16384);
    return config;
  }

  /**
   * Opens (creating if needed) the database in {@code dataDir} and applies pending migrations.
   * Holds the data dir's {@link DataLock} until closed, so restore and import cannot run
   * underneath.
   */
  public static Future<Database> open(Vertx vertx, Path dataDir) {
    return vertx
        .executeBlocking(() -> DataLock.acquire(DataDirectory.ensure(dataDir)))
        .compose(
            lock -> {
              Path file = dataDir.resolve(FILE_NAME);
              Database db = new Database(vertx, file, lock);
              return Migrations.apply(db)
                  .map(db)
                  .recover(
                      err ->
                          db.close()
                              .transform(ignored -> Future.failedFuture(explained(err, file))));
            });
  }

  /** A damaged file is named with the way out, so an operator at a console knows what to do. */
  private static Throwable explained(Throwable failure, Path file) {
    boolean damaged =
        StorageUnavailableException.sqliteCause(failure)
            .map(
                e ->
                    e.getResultCode().code
                        & 0xff) // extended codes keep the primary in the low byte
            .filter(
                code ->
                    code == SQLiteErrorCode.SQLITE_NOTADB.code
                        || code == SQLiteErrorCode.SQLITE_CORRUPT.code)
            .isPresent();
    if (!damaged) {
      return failure;
    }
    return new IllegalStateException(
        "the database file "
            + file.toAbsolutePath()
            + " is damaged ("
            + failure.getMessage()
            + "). Restore the last backup with `java -jar facegate.jar restore --in BACKUP.db` "
            + "(it keeps the damaged file beside it), or move the file aside to start with no people",
        failure);
  }

  /**
   * Runs {@code work} in one write transaction: committed if its future succeeds, rolled back
   * otherwise.
   */
  public <T> Future<T> inTransaction(Function<SqlConnection, Future<T>> work) {
    // BEGIN and COMMIT as statements, not Pool.withTransaction: the JDBC client leaves the
    // connection with auto-commit off after a commit, and sqlite-jdbc then opens the next BEGIN
    // IMMEDIATE at once, so the server would hold SQLite's write lock between requests and no
    // checkpoint could ever empty the log.
    return writer.withConnection(
        conn ->
            conn.query("BEGIN IMMEDIATE")
                .execute()
                .compose(begun -> work.apply(conn))
                .compose(result -> conn.query("COMMIT").execute().map(result))
                .recover(
                    failure ->
                        conn.query("ROLLBACK")
                            .execute()
                            .transform(rolledBack -> Future.<T>failedFuture(failure))));
  }

  /**
   * Folds the write-ahead log into the file and empties it. Secure delete zeroes a removed row in
   * its page, but the WAL still holds earlier copies of that page until a checkpoint: without this
   * a deleted template would stay on disk until the last connection closes.
   */
  public Future<Void> eraseFreedPages() {
    // The removal is committed either way; a checkpoint that fails is only reported, SQLite's
    // automatic ones follow.
    return writer
        .query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute()
        .compose(
            result ->
                result.iterator().next().getInteger(0) == 0
                    ? Future.<Void>succeededFuture()
                    : Future.<Void>failedFuture("a reader kept the log busy"))
        .recover(
            e -> {
              LOG.warn("could not empty the write-ahead log after a removal: {}", e.getMessage());
              return Future.succeededFuture();
            });
  }

  Pool reader() {
    return reader;
  }

  public Future<Void> close() {
    return Future.join(writer.close(), reader.close())
        .eventually(
            () -> {
              try {
                lock.close();
                return Future.succeededFuture();
              } catch (IOException e) {
                return Future.failedFuture(e);
              }
            })
        .mapEmpty();
  }
}
