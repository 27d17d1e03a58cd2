package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.PeopleTransfer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Adds the people of an export to the configured data dir (stop the server first: it holds the data
 * dir, and would not index people added underneath it), or streams them to a running central
 * ({@code --server}), which stores them in batches and passes them on to its doors.
 */
@Command(
    name = "import",
    description =
        "Add the people of an export FILE.jsonl to the database (stop the server first), "
            + "or to a running central with --server and --token.")
public final class ImportCommand implements Callable<Integer> {
  @Option(names = "--in", required = true, description = "a file written by the export command")
  Path in;

  @Option(
      names = "--server",
      description = "a running central's base URL, e.g. http://central.example:8080")
  URI server;

  @Option(names = "--token", description = "an admin token of that central (with --server)")
  String token;

  @Option(
      names = "--force",
      description = "also import embeddings made by another model than the configured one")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (server != null) {
      return toServer();
    }
    return run(FacegateConfig.load());
  }

  /**
   * Streams the file to the central's {@code POST /admin/import}; the central checks every line
   * (also the model, so --force has no meaning here).
   */
  int toServer() throws IOException, InterruptedException {
    if (token == null || force) {
      System.err.println(
          "--server needs --token (an admin token of the central); --force is for a local import");
      return 2;
    }
    long start = System.nanoTime();
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.resolve("/admin/import"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-ndjson")
                    .POST(HttpRequest.BodyPublishers.ofFile(in))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      System.err.printf(
          "%s refused the import (%d): %s%n", server, answer.statusCode(), answer.body());
      return 1;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    JsonObject done = new JsonObject(answer.body());
    System.out.printf(
        "imported %d people (%d embeddings) from %s into %s in %.1f s (%.0f people/s), "
            + "through gallery seq %d%n",
        done.getInteger("people"),
        done.getInteger("embeddings"),
        in,
        server,
        seconds,
        done.getInteger("people") / seconds,
        done.getLong("gallery_seq"));
    return 0;
  }

  int run(FacegateConfig config) throws Exception {
    List<PeopleTransfer.Person> people = PeopleTransfer.read(in);
    String modelId = config.pipeline().embedder().modelId(config.pipeline().models());
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
