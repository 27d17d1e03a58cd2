package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.Snapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Online backup of the configured data dir; safe while the server is serving. */
@Command(name = "backup", description = "Copy the database to FILE while the server keeps running.")
public final class BackupCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      description = "the backup file to create (must not exist)")
  Path out;

  @Override
  public Integer call() throws Exception {
    Path dataDir = FacegateConfig.load().storage().dataDir();
    long started = System.nanoTime();
    Snapshots.backup(dataDir, out);
    System.out.printf(
        "backed up %s to %s (%d bytes) in %d ms%n",
        dataDir, out, Files.size(out), (System.nanoTime() - started) / 1_000_000);
    return 0;
  }
}
