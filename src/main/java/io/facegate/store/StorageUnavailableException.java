package io.facegate.store;

import java.util.Optional;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite could not write: the disk is full, the file or directory is read-only, or the device
 * failed. The transaction was rolled back, so nothing of the request was stored; reads still work.
 */
public final class StorageUnavailableException extends RuntimeException {
  /** Primary result codes that mean the storage, not the request, is at fault. */
  private static final Set<Integer> STORAGE_CODES =
      Set.of(
          SQLiteErrorCode.SQLITE_FULL.code,
          SQLiteErrorCode.SQLITE_READONLY.code,
          SQLiteErrorCode.SQLITE_IOERR.code,
          SQLiteErrorCode.SQLITE_CANTOPEN.code);

  private StorageUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * {@code failure} as a StorageUnavailableException when SQLite blamed the storage, else
   * unchanged.
   */
  static Throwable classify(Throwable failure) {
    return sqliteCause(failure)
        .filter(
            e ->
                STORAGE_CODES.contains(
                    e.getResultCode().code
                        & 0xff)) // extended codes keep the primary in the low byte
        .<Throwable>map(e -> new StorageUnavailableException(e.getMessage(), failure))
        .orElse(failure);
  }

  static Optional<SQLiteException> sqliteCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException e) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
