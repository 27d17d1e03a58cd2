package io.facegate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;

/**
 * Whole-database copies: an online backup while the server runs, and a restore while it does not.
 */
public final class Snapshots {
  private Snapshots() {}

  /**
   * Writes a consistent copy of the live database to {@code out} (which must not exist). VACUUM
   * INTO reads inside one read transaction, so in WAL mode it runs beside the server's writes,
   * never blocks them, and copies exactly the enrollments committed when it started; the copy is
   * compact and self-contained (no WAL beside it).
   */
  public static void backup(Path dataDir, Path out) throws SQLException, IOException {
    Path db = existingDatabase(dataDir);
    if (Files.exists(out)) {
      throw new IllegalArgumentException(out + " already exists; a backup never overwrites a file");
    }
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        PreparedStatement vacuum = conn.prepareStatement("VACUUM INTO ?")) {
      vacuum.setString(1, out.toAbsolutePath().toString());
      vacuum.execute();
    }
    fsync(out); // VACUUM INTO does not sync the file it writes
  }

  /**
   * Replaces the database with the backup {@code in}, after checking it is an intact facegate
   * database. Refuses while a server holds the data dir. The replaced files are kept beside it as
   * {@code facegate.db.before-restore-<time>} (with their WAL), so a restore can be undone.
   */
  public static Path restore(Path dataDir, Path in) throws SQLException, IOException {
    requireIntact(in);
    Files.createDirectories(dataDir);
    try (DataLock ignored = DataLock.acquire(dataDir)) {
      Path db = dataDir.resolve(Database.FILE_NAME);
      Path incoming = dataDir.resolve(Database.FILE_NAME + ".restoring");
      Files.copy(in, incoming, StandardCopyOption.REPLACE_EXISTING);
      newLineage(incoming);
      fsync(incoming);
      Path kept =
          dataDir.resolve(
              Database.FILE_NAME + ".before-restore-" + Instant.now().toString().replace(':', '-'));
      for (String suffix : new String[] {"", "-wal", "-shm"}) {
        Path old = dataDir.resolve(Database.FILE_NAME + suffix);
        if (Files.exists(old)) {
          // An old WAL left next to the new file would be replayed into it: it moves away with its
          // database.
          Files.move(old, Path.of(kept + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(incoming, db, StandardCopyOption.ATOMIC_MOVE);
      fsync(dataDir);
      return kept;
    }
  }

  /**
   * A restored database is another history of the gallery: a new lineage makes any index snapshot
   * of the replaced one stale, even at an equal change count. A backup older than migration V4 has
   * no gallery_state yet; the server's migration gives it a fresh lineage at start.
   */
  private static void newLineage(Path db) throws SQLException {
    try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
        Statement st = conn.createStatement()) {
      try (ResultSet table =
          st.executeQuery(
              "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gallery_state'")) {
        if (!table.next() || table.getInt(1) == 0) {
          return;
        }
      }
      st.executeUpdate("UPDATE gallery_state SET lineage = lower(hex(randomblob(16)))");
    }
  }

  private static void requireIntact(Path in) throws SQLException {
    if (!Files.isRegularFile(in)) {
      throw new IllegalArgumentException(in + " does not exist");
    }
    try (Connection conn =
            DriverManager.getConnection("jdbc:sqlite:file:" + in.toAbsolutePath() + "?mode=ro");
        Statement st = conn.createStatement()) {
      try (ResultSet check = st.executeQuery("PRAGMA integrity_check")) {
        String result = check.next() ? check.getString(1) : "no answer";
        if (!"ok".equals(result)) {
          throw new IllegalArgumentException(in + " is damaged: " + result);
        }
      }
      st.executeQuery(
              "SELECT count(*) FROM people JOIN embeddings ON embeddings.person_id = people.id")
          .close();
    } catch (SQLException e) {
      throw new IllegalArgumentException(in + " is not a facegate backup: " + e.getMessage(), e);
    }
  }

  static Path existingDatabase(Path dataDir) {
    Path db = dataDir.resolve(Database.FILE_NAME);
    if (!Files.isRegularFile(db)) {
      throw new IllegalArgumentException("no database at " + db.toAbsolutePath());
    }
    return db;
  }

  private static void fsync(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
