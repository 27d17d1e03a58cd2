package io.facegate.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS lock on {@code <dataDir>/facegate.lock}, held by whoever writes the database as a whole:
 * the server for its lifetime, and restore and import while they run. The OS drops it when the
 * process dies, even by kill -9, so a crash never leaves a stale lock behind.
 */
public final class DataLock implements AutoCloseable {
  public static final String FILE_NAME = "facegate.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock or fails saying who holds it; {@code dataDir} must exist. */
  public static DataLock acquire(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException(
          "the data dir "
              + dataDir.toAbsolutePath()
              + " is in use by a running facegate "
              + "(it holds "
              + file.toAbsolutePath()
              + "); stop it first");
    }
    return new DataLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
