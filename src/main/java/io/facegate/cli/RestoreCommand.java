package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.Snapshots;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Puts a backup in place of the database; refused while a server runs on the data dir. */
@Command(
    name = "restore",
    description = "Replace the database with a backup FILE (stop the server first).")
public final class RestoreCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, description = "a file written by the backup command")
  Path in;

  @Override
  public Integer call() throws Exception {
    Path dataDir = FacegateConfig.load().storage().dataDir();
    long started = System.nanoTime();
    Path kept = Snapshots.restore(dataDir, in);
    System.out.printf(
        "restored %s into %s in %d ms; the previous database, if any, is kept as %s%n",
        in, dataDir, (System.nanoTime() - started) / 1_000_000, kept);
    return 0;
  }
}
