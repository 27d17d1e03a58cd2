package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.PeopleTransfer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** People and embeddings as JSON lines, for another device; safe while the server is serving. */
@Command(
    name = "export",
    description = "Write every person and embedding (with its model id) to FILE.jsonl.")
public final class ExportCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      required = true,
      description = "the .jsonl file to create (must not exist)")
  Path out;

  @Override
  public Integer call() throws Exception {
    int people = PeopleTransfer.export(FacegateConfig.load().storage().dataDir(), out);
    System.out.printf("exported %d people to %s%n", people, out);
    return 0;
  }
}
