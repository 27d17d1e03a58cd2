package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.PeopleTransfer;
import io.facegate.vision.FacePipeline;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Adds the people of an export to the configured data dir (stop the server first: it holds the data
 * dir, and would not index people added underneath it).
 */
@Command(
    name = "import",
    description = "Add the people of an export FILE.jsonl to the database (stop the server first).")
public final class ImportCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, description = "a file written by the export command")
  Path in;

  @Option(
      names = "--force",
      description = "also import embeddings made by another model than the configured one")
  boolean force;

  @Override
  public Integer call() throws Exception {
    return run(FacegateConfig.load());
  }

  int run(FacegateConfig config) throws Exception {
    List<PeopleTransfer.Person> people = PeopleTransfer.read(in);
    String modelId = FacePipeline.embedderId(config.pipeline().models());
    Set<String> others = PeopleTransfer.otherModels(people, modelId);
    if (!others.isEmpty() && !force) {
      System.err.printf(
          "%s holds embeddings from %s but the configured model is %s: they could never match. "
              + "Re-enroll those people, or pass --force to import them anyway (the server then needs "
              + "on_model_mismatch=ignore-old to start)%n",
          in, others, modelId);
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.storage().dataDir()).await(60, TimeUnit.SECONDS);
      try {
        PeopleTransfer.importInto(new PeopleStore(db), people).await(1, TimeUnit.HOURS);
      } finally {
        db.close().await(60, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    System.out.printf(
        "imported %d people from %s into %s%n", people.size(), in, config.storage().dataDir());
    return 0;
  }
}
