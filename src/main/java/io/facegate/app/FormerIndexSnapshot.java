package io.facegate.app;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Earlier versions saved an HNSW graph beside the database as {@code index.snapshot} (written
 * through {@code index.snapshot.tmp}). The index is now always filled from SQLite, so such a file
 * is only dead weight in the data directory and in backups of it: the boot deletes it.
 */
final class FormerIndexSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(FormerIndexSnapshot.class);
  static final List<String> FILE_NAMES = List.of("index.snapshot", "index.snapshot.tmp");

  private FormerIndexSnapshot() {}

  /** Deletes the snapshot files in {@code dataDir}, if any, logging each one deleted. */
  static Future<Void> deleteIn(Vertx vertx, Path dataDir) {
    FileSystem files = vertx.fileSystem();
    return Future.all(
            FILE_NAMES.stream()
                .map(name -> deleteIfPresent(files, dataDir.resolve(name).toString()))
                .toList())
        .mapEmpty();
  }

  private static Future<Void> deleteIfPresent(FileSystem files, String file) {
    return files
        .exists(file)
        .compose(
            present ->
                present
                    ? files
                        .delete(file)
                        .onSuccess(
                            v ->
                                LOG.info(
                                    "deleted {}: the HNSW graph it saved is gone, the index is filled from SQLite",
                                    file))
                    : Future.succeededFuture());
  }
}
