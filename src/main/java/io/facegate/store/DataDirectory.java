package io.facegate.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The data directory holds biometric templates and the token secret: created owner-only. */
public final class DataDirectory {
  private DataDirectory() {}

  /** Creates the directory (and missing parents) as rwx------ if absent; returns it. */
  public static Path ensure(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir;
  }
}
