package io.facegate.tools.bench;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sends every file of a corpus of other people's images (scripts/hostile-corpus.sh), and damaged
 * copies of each, to /register and to /verify (id mode) of a running server with N concurrent
 * clients, and prints what came back: statuses and error codes per route, 5xx answers and client
 * timeouts (each saved with its bytes for replay), and the server process's resident memory (read
 * from /proc while the run goes) and CPU time.
 */
@Command(
    name = "hostile-run",
    mixinStandardHelpOptions = true,
    description =
        "Send a corpus of images and damaged copies to /register and /verify; prints statuses, 5xx, timeouts and the server's memory.")
public final class HostileRunCommand implements Callable<Integer> {
  private static final List<String> ROUTES = List.of("/register", "/verify");
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  @Option(names = "--url", required = true, description = "server base URL")
  URI url;

  @Option(
      names = "--token",
      required = true,
      description = "bearer token with the enroll and verify roles")
  String token;

  @Option(names = "--corpus", required = true, description = "directory of image files")
  Path corpus;

  @Option(
      names = "--clients",
      defaultValue = "4",
      description = "concurrent clients (default ${DEFAULT-VALUE})")
  int clients;

  @Option(
      names = "--mutations",
      defaultValue = "8",
      description = "damaged copies sent after each file (default ${DEFAULT-VALUE})")
  int mutations;

  @Option(names = "--seed", defaultValue = "1", description = "mutation seed")
  long seed;

  @Option(
      names = "--server-pid",
      defaultValue = "0",
      description = "the server's process id, to read its memory and CPU from /proc; 0: skip")
  long serverPid;

  @Option(
      names = "--timeout-seconds",
      defaultValue = "60",
      description = "a request unanswered for this long counts as a timeout")
  int timeoutSeconds;

  @Option(
      names = "--findings",
      defaultValue = "target/hostile-findings",
      description = "where each 5xx or timed-out input is saved")
  Path findings;

  @Option(
      names = "--outcomes",
      defaultValue = "target/hostile-outcomes.tsv",
      description =
          "every answer, one line each: case, route, status, error code, file and variant, message")
  Path outcomesFile;

  private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger timeouts = new AtomicInteger();
  private final AtomicLong peakRssKb = new AtomicLong();
  private final AtomicLong peakHeapMb = new AtomicLong();
  private final AtomicLong peakOutsideHeapMb = new AtomicLong();
  private final Map<String, Long> slowestMs = new ConcurrentHashMap<>();
  private HttpClient http;
  private PrintWriter answers;

  @Override
  public Integer call() throws Exception {
    CorpusCases cases = new CorpusCases(corpus, mutations, seed);
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    Files.createDirectories(outcomesFile.toAbsolutePath().getParent());
    answers = new PrintWriter(Files.newBufferedWriter(outcomesFile), true);
    long rssBefore = rssKb("VmRSS");
    double heapBefore = heapCommittedMb();
    long cpuBefore = cpuTicks();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(
        () -> peakRssKb.accumulateAndGet(rssKb("VmRSS"), Math::max), 0, 50, TimeUnit.MILLISECONDS);
    // The heap's share, to tell the JVM's heap sizing apart from native memory (a scrape per 0.5
    // s).
    ScheduledExecutorService heapSampler = Executors.newSingleThreadScheduledExecutor();
    heapSampler.scheduleAtFixedRate(this::sampleHeap, 0, 500, TimeUnit.MILLISECONDS);
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      Thread client =
          new Thread(
              () -> {
                for (int i = next.getAndIncrement(); i < cases.size(); i = next.getAndIncrement()) {
                  send(cases, i);
                }
              },
              "hostile-client-" + c);
      client.start();
      threads.add(client);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.shutdownNow();
    heapSampler.shutdownNow();
    answers.close();
    report(cases, seconds, rssBefore, cpuBefore);
    System.out.printf(
        Locale.ROOT,
        "server Java heap committed: %.0f MB before, %.0f MB peak, %.0f MB after (part of the RSS); "
            + "peak of RSS minus heap committed (native memory and the JVM's own; committed heap pages not yet touched make it low): %d MB%n",
        heapBefore,
        (double) peakHeapMb.get(),
        heapCommittedMb(),
        peakOutsideHeapMb.get());
    return serverErrors.get() + timeouts.get() == 0 ? 0 : 1;
  }

  private void send(CorpusCases cases, int index) {
    byte[] file = cases.bytes(index);
    for (String route : ROUTES) {
      MultipartForm form =
          route.equals("/register")
              ? new MultipartForm().field("username", "hostile-" + index)
              : new MultipartForm().field("mode", "id");
      HttpRequest request =
          HttpRequest.newBuilder(url.resolve(route))
              .timeout(Duration.ofSeconds(timeoutSeconds))
              .header("Authorization", "Bearer " + token)
              .header("Content-Type", MultipartForm.contentType())
              .header("X-Request-Id", "hostile-" + index + route.replace('/', '-'))
              .POST(
                  HttpRequest.BodyPublishers.ofByteArray(
                      form.file(
                              route.equals("/register") ? "images" : "image",
                              "upload",
                              "application/octet-stream",
                              file)
                          .bytes()))
              .build();
      long began = System.nanoTime();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        slowestMs.merge(route, (System.nanoTime() - began) / 1_000_000, Math::max);
        String error = errorCode(response.body());
        count(route + " " + response.statusCode() + " " + error);
        answers.println(
            String.join(
                "\t",
                Integer.toString(index),
                route,
                Integer.toString(response.statusCode()),
                error,
                cases.name(index),
                message(response.body())));
        if (response.statusCode() >= 500) {
          serverErrors.incrementAndGet();
          save(cases, index, route, response.statusCode() + " " + response.body());
        }
      } catch (HttpTimeoutException e) {
        timeouts.incrementAndGet();
        count(route + " timeout");
        save(cases, index, route, "no answer within " + timeoutSeconds + " s");
      } catch (IOException e) {
        count(route + " connection failed");
        serverErrors.incrementAndGet();
        save(cases, index, route, e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void count(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
  }

  private static String message(String body) {
    try {
      return String.valueOf(new JsonObject(body).getString("message"));
    } catch (DecodeException | ClassCastException e) {
      return "";
    }
  }

  private static String errorCode(String body) {
    try {
      String error = new JsonObject(body).getString("error");
      return error == null ? "" : error;
    } catch (DecodeException | ClassCastException e) {
      return "(not JSON)";
    }
  }

  private void save(CorpusCases cases, int index, String route, String what) {
    try {
      Files.createDirectories(findings);
      String stem = "case-" + index;
      Files.write(findings.resolve(stem + ".bin"), cases.bytes(index));
      Files.writeString(
          findings.resolve(stem + ".txt"),
          cases.name(index) + "\n" + route + ": " + what + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void report(CorpusCases cases, double seconds, long rssBefore, long cpuBefore) {
    long requests = outcomes.values().stream().mapToLong(LongAdder::sum).sum();
    System.out.printf(
        Locale.ROOT,
        "%d files (%d originals, %d damaged copies each), %d requests, %d clients, %.0f s (%.1f requests/s)%n%n",
        cases.size(),
        cases.originals(),
        mutations,
        requests,
        clients,
        seconds,
        requests / seconds);
    System.out.println("| route | status | error | count |");
    System.out.println("|---|---|---|---|");
    outcomes.forEach(
        (outcome, n) -> {
          String[] parts = (outcome + "  ").split(" ", 3);
          System.out.printf(
              Locale.ROOT,
              "| %s | %s | %s | %d |%n",
              parts[0],
              parts[1],
              parts[2].isBlank() ? "" : "`" + parts[2].strip() + "`",
              n.sum());
        });
    System.out.printf(
        Locale.ROOT,
        "%n5xx or connection failures: %d; timeouts (no answer in %d s): %d; slowest answer: %s%n",
        serverErrors.get(),
        timeoutSeconds,
        timeouts.get(),
        new TreeMap<>(slowestMs).toString().replace("=", ": ").replaceAll("([0-9]+)", "$1 ms"));
    if (serverPid > 0) {
      long peak = peakRssKb.get();
      System.out.printf(
          Locale.ROOT,
          "server RSS: %d MB before, %d MB peak during the run (sampled every 50 ms), %d MB high-water mark since start; "
              + "rise %d MB, %d MB per concurrent request; server CPU %.0f s%n",
          rssBefore / 1024,
          peak / 1024,
          rssKb("VmHWM") / 1024,
          (peak - rssBefore) / 1024,
          (peak - rssBefore) / 1024 / clients,
          (cpuTicks() - cpuBefore) / (double) CLOCK_TICKS_PER_SECOND);
    }
  }

  private void sampleHeap() {
    try {
      long heap = Math.round(heapCommittedMb());
      peakHeapMb.accumulateAndGet(heap, Math::max);
      peakOutsideHeapMb.accumulateAndGet(rssKb("VmRSS") / 1024 - heap, Math::max);
    } catch (IOException e) {
      // the server is busy or gone: the next sample counts
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The server's committed Java heap, from its /metrics. */
  private double heapCommittedMb() throws IOException, InterruptedException {
    return HeapMetric.COMMITTED.read(http, url) / (double) (1 << 20);
  }

  /** A /proc/PID/status field in kB; 0 without a pid. */
  private long rssKb(String field) {
    if (serverPid <= 0) {
      return 0;
    }
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(serverPid), "status")).stream()
          .filter(l -> l.startsWith(field + ":"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst()
          .orElse(0);
    } catch (IOException e) {
      return 0; // the server is gone; the run reports what it saw
    }
  }

  /** User plus system CPU of the server, in clock ticks. */
  private long cpuTicks() {
    if (serverPid <= 0) {
      return 0;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(serverPid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException e) {
      return 0;
    }
  }
}
