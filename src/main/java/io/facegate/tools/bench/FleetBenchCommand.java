package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.fleet.central.CentralDatabase;
import io.facegate.fleet.central.CentralGallery;
import io.facegate.fleet.central.ImportResult;
import io.facegate.fleet.central.ImportedPerson;
import io.facegate.vision.EmbedderChoice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fleet's benchmarks against running processes (scripts/bench/fleet.sh and fleet-catchup.sh
 * start them): seeding a central's PostgreSQL through the bulk write path, propagation from a
 * central's answer to every door, and enrollment writes per second at a central.
 */
@Command(
    name = "bench-fleet",
    mixinStandardHelpOptions = true,
    description = "Fleet benchmarks against a running central and doors; prints numbers.",
    subcommands = {
      FleetBenchCommand.Seed.class,
      FleetBenchCommand.Propagation.class,
      FleetBenchCommand.Writes.class
    })
public final class FleetBenchCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /**
   * Synthetic people straight into a central's PostgreSQL through {@link CentralGallery} (the
   * change log written by the schema's triggers, as for any write): in bulk batches, or one person
   * per transaction with several in flight, as single enrollments of precomputed embeddings would.
   */
  @Command(
      name = "seed",
      mixinStandardHelpOptions = true,
      description = "Add N synthetic people to a central's database; prints people/s.")
  static final class Seed implements Callable<Integer> {
    @Option(names = "--postgres-url", required = true, description = "the central's database")
    String postgresUrl;

    @Option(names = "--people", required = true, description = "how many people to add")
    int people;

    @Option(
        names = "--prefix",
        defaultValue = "seed-",
        description = "username prefix (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(
        names = "--single",
        defaultValue = "0",
        description =
            "0: bulk import batches; N > 0: one person per transaction, N in flight (default ${DEFAULT-VALUE})")
    int single;

    @Override
    public Integer call() throws InterruptedException {
      if (people < 1 || single < 0) {
        System.err.println("bench-fleet seed: --people must be at least 1, --single at least 0");
        return 2;
      }
      FacegateConfig config = FacegateConfig.load();
      EmbedderChoice embedder = config.pipeline().embedder();
      String modelId = embedder.modelId(config.pipeline().models());
      Vertx vertx = Vertx.vertx();
      try {
        CentralDatabase db = CentralDatabase.open(vertx, postgresUrl, null).await();
        try {
          CentralGallery gallery = new CentralGallery(db);
          Random random = new Random(prefix.hashCode());
          long started = System.nanoTime();
          long seq =
              single == 0
                  ? bulk(gallery, random, modelId, embedder.dimension())
                  : oneByOne(gallery, random, modelId, embedder.dimension());
          double seconds = (System.nanoTime() - started) / 1e9;
          System.out.printf(
              Locale.ROOT,
              "seed: %d people (one %d-D embedding each) in %.1f s: %.0f people/s, %s; head seq %d%n",
              people,
              embedder.dimension(),
              seconds,
              people / seconds,
              single == 0
                  ? "bulk import batches"
                  : "one transaction per person, " + single + " in flight",
              seq);
        } finally {
          db.close().await();
        }
      } finally {
        vertx.close().await();
      }
      return 0;
    }

    /** Chunks keep the generated vectors' memory bounded; the gallery batches each chunk itself. */
    private long bulk(CentralGallery gallery, Random random, String modelId, int dimension) {
      final int chunk = 10_000;
      long seq = 0;
      for (int from = 0; from < people; from += chunk) {
        List<ImportedPerson> batch = new ArrayList<>();
        for (int i = from; i < Math.min(people, from + chunk); i++) {
          batch.add(person(i, random, modelId, dimension));
        }
        ImportResult done = gallery.importPeople(batch).await();
        seq = done.seq();
        System.err.printf("seed: %d/%d%n", from + batch.size(), people);
      }
      return seq;
    }

    /** {@link #single} threads, each enrolling the next person once its last one committed. */
    private long oneByOne(CentralGallery gallery, Random random, String modelId, int dimension)
        throws InterruptedException {
      List<ImportedPerson> all = new ArrayList<>(people);
      for (int i = 0; i < people; i++) {
        all.add(person(i, random, modelId, dimension));
      }
      AtomicInteger next = new AtomicInteger();
      AtomicLong head = new AtomicLong();
      List<Thread> lanes = new ArrayList<>();
      for (int lane = 0; lane < single; lane++) {
        lanes.add(
            new Thread(
                () -> {
                  for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                    ImportedPerson p = all.get(i);
                    long seq =
                        gallery
                            .enroll(p.username(), p.displayName(), p.vectors(), p.modelId())
                            .await()
                            .seq();
                    head.accumulateAndGet(seq, Math::max);
                  }
                }));
      }
      lanes.forEach(Thread::start);
      for (Thread t : lanes) {
        t.join();
      }
      return head.get();
    }

    private ImportedPerson person(int i, Random random, String modelId, int dimension) {
      return new ImportedPerson(
          String.format(Locale.ROOT, "%s%07d", prefix, i),
          SynthCommand.DISPLAY_NAME,
          modelId,
          List.of(SynthCommand.randomUnitVector(random, dimension)));
    }
  }

  /**
   * Enrolls one person at a time at the central (POST /register with a photo) and times, from the
   * central's answer, until each door answers GET /users/{u}?min_seq=S with the person: the door
   * holds the request until its replica has applied the enrollment.
   */
  @Command(
      name = "propagation",
      mixinStandardHelpOptions = true,
      description = "Central answer to every door answering the person; prints p50/p99.")
  static final class Propagation implements Callable<Integer> {
    private static final int WARM_UP = 3;

    @Mixin Enrolling enrolling;

    @Option(
        names = "--door",
        required = true,
        split = ",",
        description = "each door's base URL, comma-separated")
    List<URI> doors;

    @Option(
        names = "--samples",
        defaultValue = "100",
        description = "enrollments timed (default ${DEFAULT-VALUE})")
    int samples;

    @Override
    public Integer call() throws Exception {
      Http http = enrolling.http();
      byte[] photo = Files.readAllBytes(enrolling.image);
      String run = Long.toString(System.currentTimeMillis(), 36);
      List<Double> registerMs = new ArrayList<>();
      List<List<Double>> doorMs = new ArrayList<>();
      doors.forEach(d -> doorMs.add(new ArrayList<>()));
      ExecutorService askers = Executors.newFixedThreadPool(doors.size());
      try {
        for (int i = -WARM_UP; i < samples; i++) {
          String username = "propagation-" + run + "-" + (i + WARM_UP);
          long t0 = System.nanoTime();
          JsonObject enrolled = http.register(username, photo);
          long answered = System.nanoTime();
          long seq = enrolled.getLong("gallery_seq");
          List<CompletableFuture<Double>> asked = new ArrayList<>();
          for (URI door : doors) {
            asked.add(
                CompletableFuture.supplyAsync(
                    () -> http.awaitPerson(door, username, seq, answered), askers));
          }
          if (i >= 0) {
            registerMs.add((answered - t0) / 1e6);
            for (int d = 0; d < doors.size(); d++) {
              doorMs.get(d).add(asked.get(d).get());
            }
          } else {
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).get();
          }
        }
      } finally {
        askers.shutdownNow();
      }
      System.out.printf(
          Locale.ROOT,
          "## propagation: %d enrollments at %s, %d doors (after %d warm-up)%n%n",
          samples,
          enrolling.central,
          doors.size(),
          WARM_UP);
      System.out.println("| from the central's answer to | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---|---|---|");
      List<Double> every = new ArrayList<>();
      List<Double> last = new ArrayList<>();
      for (int d = 0; d < doors.size(); d++) {
        row("door " + doors.get(d), doorMs.get(d));
        every.addAll(doorMs.get(d));
      }
      for (int s = 0; s < samples; s++) {
        double slowest = 0;
        for (List<Double> ms : doorMs) {
          slowest = Math.max(slowest, ms.get(s));
        }
        last.add(slowest);
      }
      row("any door (all samples)", every);
      row("the last of the doors", last);
      System.out.println();
      System.out.println("| POST /register (photo) at the central | p50 ms | p99 ms | max ms |");
      System.out.println("|---|---|---|---|");
      row("request to answer", registerMs);
      return 0;
    }
  }

  /**
   * Closed-loop enrollments at the central: each client posts /register with a photo under a new
   * username, waits for the answer, posts again.
   */
  @Command(
      name = "writes",
      mixinStandardHelpOptions = true,
      description = "Enrollments per second at a central (POST /register with a photo).")
  static final class Writes implements Callable<Integer> {
    private static final int WARM_UP_SECONDS = 5;

    /** Every enrollment a new person, across runs. */
    private static final AtomicInteger NAMES = new AtomicInteger();

    @Mixin Enrolling enrolling;

    @Option(
        names = "--clients",
        split = ",",
        defaultValue = "1,2,4",
        description = "concurrent clients per run (default ${DEFAULT-VALUE})")
    List<Integer> clients;

    @Option(
        names = "--seconds",
        defaultValue = "15",
        description = "timed seconds per run (default ${DEFAULT-VALUE})")
    int seconds;

    @Override
    public Integer call() throws Exception {
      Http http = enrolling.http();
      byte[] photo = Files.readAllBytes(enrolling.image);
      String run = Long.toString(System.currentTimeMillis(), 36);
      System.out.printf(
          Locale.ROOT,
          "## enrollments at %s: POST /register, one photo (%s) per person%n%n",
          enrolling.central,
          enrolling.image.getFileName());
      System.out.println("| clients | writes/s | p50 ms | p99 ms | failed |");
      System.out.println("|---|---|---|---|---|");
      closedLoop(http, photo, run, 2, WARM_UP_SECONDS); // JIT and ONNX Runtime allocations
      for (int n : clients) {
        Run done = closedLoop(http, photo, run, n, seconds);
        double[] v = done.ms().stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(
            Locale.ROOT,
            "| %d | %.1f | %.0f | %.0f | %d |%n",
            n,
            v.length / done.seconds(),
            BenchCommand.percentile(v, 50),
            BenchCommand.percentile(v, 99),
            done.failed());
      }
      return 0;
    }

    private record Run(List<Double> ms, int failed, double seconds) {}

    private static Run closedLoop(Http http, byte[] photo, String run, int n, int seconds)
        throws InterruptedException {
      ConcurrentLinkedQueue<Double> ms = new ConcurrentLinkedQueue<>();
      AtomicInteger failed = new AtomicInteger();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Thread> threads = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        threads.add(
            new Thread(
                () -> {
                  while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                      http.register("writes-" + run + "-" + NAMES.getAndIncrement(), photo);
                      ms.add((System.nanoTime() - t0) / 1e6);
                    } catch (IllegalStateException e) {
                      failed.incrementAndGet();
                    }
                  }
                }));
      }
      long started = System.nanoTime();
      threads.forEach(Thread::start);
      for (Thread t : threads) {
        t.join();
      }
      return new Run(new ArrayList<>(ms), failed.get(), (System.nanoTime() - started) / 1e9);
    }
  }

  /** Where and what the HTTP benchmarks enroll. */
  static final class Enrolling {
    @Option(names = "--central", required = true, description = "the central's base URL")
    URI central;

    @Option(names = "--token", required = true, description = "an admin token of the fleet")
    String token;

    @Option(names = "--image", required = true, description = "the photo to enroll")
    Path image;

    Http http() {
      return new Http(central, token);
    }
  }

  private static void row(String what, List<Double> ms) {
    double[] v = ms.stream().mapToDouble(Double::doubleValue).toArray();
    System.out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f |%n",
        what,
        BenchCommand.percentile(v, 50),
        BenchCommand.percentile(v, 99),
        BenchCommand.percentile(v, 100));
  }

  /** The two requests the benchmarks make, with an admin token. */
  private static final class Http {
    private final HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI central;
    private final String token;

    Http(URI central, String token) {
      this.central = central;
      this.token = token;
    }

    /** POST /register at the central; its answer, or IllegalStateException if not 201. */
    JsonObject register(String username, byte[] photo) {
      byte[] form =
          new MultipartForm()
              .field("username", username)
              .field("allow_duplicate", "true") // the same face under every name
              .jpeg("images", "face.jpg", photo)
              .bytes();
      HttpResponse<String> answer =
          send(
              HttpRequest.newBuilder(central.resolve("/register"))
                  .header("Content-Type", MultipartForm.contentType())
                  .POST(HttpRequest.BodyPublishers.ofByteArray(form)));
      if (answer.statusCode() != 201) {
        throw new IllegalStateException(
            "register " + username + ": " + answer.statusCode() + " " + answer.body());
      }
      return new JsonObject(answer.body());
    }

    /**
     * Milliseconds from {@code sinceNs} until {@code door} answers 200 for the person at {@code
     * seq}; a 503 (not there within the door's own wait) asks again.
     */
    double awaitPerson(URI door, String username, long seq, long sinceNs) {
      URI uri =
          door.resolve(
              "/users/" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "?min_seq=" + seq);
      while (true) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(uri).GET());
        if (answer.statusCode() == 200) {
          return (System.nanoTime() - sinceNs) / 1e6;
        }
        if (answer.statusCode() != 503) {
          throw new IllegalStateException(
              door
                  + " answered "
                  + answer.statusCode()
                  + " for "
                  + username
                  + ": "
                  + answer.body());
        }
      }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
      try {
        return client.send(
            request
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .build(),
            HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
