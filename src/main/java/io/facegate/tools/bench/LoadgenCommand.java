package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.vision.FacePipeline;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HTTP load on a running server: POST /verify (id mode) with one photo, first by N closed-loop
 * clients (each sends, waits, sends again; after a 503 it waits Retry-After) for throughput and
 * latency, then open-loop at a multiple of the best throughput to show what overload does (503s,
 * admitted latency, server heap). The in-process pipeline floor on the same photo, measured first,
 * turns latency into an overhead ratio.
 */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = "Load-test /verify on a running server; prints markdown tables.")
public final class LoadgenCommand implements Callable<Integer> {
  @Option(
      names = "--url",
      required = true,
      description = "server base URL, e.g. http://127.0.0.1:8080")
  URI url;

  @Option(names = "--token", required = true, description = "bearer token with the verify role")
  String token;

  @Option(names = "--image", required = true, description = "the probe photo")
  Path image;

  @Option(
      names = "--clients",
      split = ",",
      defaultValue = "1,2,4,8",
      description = "concurrent clients per run (default ${DEFAULT-VALUE})")
  List<Integer> clients;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "timed seconds per run (default ${DEFAULT-VALUE})")
  int seconds;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "untimed seconds at the largest client count before the timed runs: a JVM server compiles"
              + " its hot code for tens of seconds under load, and a steady state is what a door"
              + " sees (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(
      names = "--overload",
      defaultValue = "3",
      description =
          "offered rate of the overload run, as a multiple of the best throughput; 0 skips it (default ${DEFAULT-VALUE})")
  double overload;

  private HttpClient http;
  private HttpRequest request;

  @Override
  public Integer call() throws Exception {
    http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    byte[] photo = Files.readAllBytes(image);
    request =
        HttpRequest.newBuilder(url.resolve("/verify"))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", MultipartForm.contentType())
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    new MultipartForm()
                        .field("mode", "id")
                        .jpeg("image", image.getFileName().toString(), photo)
                        .bytes()))
            .build();
    double floor = floor(photo);
    System.out.printf(
        Locale.ROOT,
        "## /verify id mode, %s (%d KB), %s%n%n",
        image.getFileName(),
        photo.length / 1024,
        url);
    System.out.printf(
        Locale.ROOT,
        "in-process floor (decode+detect+align+embed, one thread, median of 50): %.1f ms; "
            + "%d CPUs, load average %.2f at start%n%n",
        floor,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    System.out.println(
        "| clients | verifies/s | p50 ms | p95 ms | p99 ms | p50 / floor | non-200 |");
    System.out.println("|---|---|---|---|---|---|---|");
    if (warmup > 0) {
      closedLoop(Collections.max(clients), warmup);
    }
    double best = 0;
    double unloadedP99 = 0;
    for (int n : clients) {
      Run run = closedLoop(n, seconds);
      best = Math.max(best, run.rate());
      if (n == clients.get(0)) {
        unloadedP99 = run.percentile(99);
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.1f | %.1f | %.1f | %.2f | %d |%n",
          n,
          run.rate(),
          run.percentile(50),
          run.percentile(95),
          run.percentile(99),
          run.percentile(50) / floor,
          run.failures());
    }
    if (overload > 0) {
      overloadRun(best * overload, unloadedP99);
    }
    System.out.printf(Locale.ROOT, "%nload average at end %.2f%n", loadAverage());
    return 0;
  }

  /** The same photo through the same code path as {@code bench}, in this process, on one thread. */
  private static double floor(byte[] photo) {
    FacegateConfig config = FacegateConfig.load();
    try (FacePipeline pipeline =
        FacePipeline.load(config.pipeline().models(), config.pipelineSettings())) {
      double[] ms = new double[50];
      for (int i = -10; i < ms.length; i++) {
        double total = StageTimes.measure(pipeline, photo).total();
        if (i >= 0) {
          ms[i] = total;
        }
      }
      return BenchCommand.percentile(ms, 50);
    }
  }

  private Run closedLoop(int n, int runSeconds) throws InterruptedException {
    Run run = new Run();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(runSeconds);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      threads.add(
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  long t0 = System.nanoTime();
                  try {
                    HttpResponse<Void> r =
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                    run.record(r.statusCode(), t0);
                    // A device backs off as told; one that retries at once only burns the CPU the
                    // server needs.
                    long wait = r.headers().firstValueAsLong("Retry-After").orElse(0);
                    if (wait > 0) {
                      TimeUnit.SECONDS.sleep(wait);
                    }
                  } catch (IOException e) {
                    run.record(0, t0);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }));
    }
    long started = System.nanoTime();
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    run.elapsed(System.nanoTime() - started);
    return run;
  }

  /**
   * Open loop: requests leave on a fixed schedule whatever the answers, as independent devices
   * would send them.
   */
  private void overloadRun(double rate, double unloadedP99) throws Exception {
    Run run = new Run();
    AtomicInteger outstanding = new AtomicInteger();
    AtomicLong maxHeap = new AtomicLong();
    long heapBefore = heapBytes();
    ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    long periodNs = (long) (1e9 / rate);
    clock.scheduleAtFixedRate(
        () -> {
          long t0 = System.nanoTime();
          outstanding.incrementAndGet();
          http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
              .whenComplete(
                  (r, e) -> {
                    run.record(e == null ? r.statusCode() : 0, t0);
                    outstanding.decrementAndGet();
                  });
        },
        0,
        periodNs,
        TimeUnit.NANOSECONDS);
    clock.scheduleAtFixedRate(
        () -> maxHeap.accumulateAndGet(heapBytes(), Math::max), 0, 500, TimeUnit.MILLISECONDS);
    long started = System.nanoTime();
    TimeUnit.SECONDS.sleep(seconds);
    clock.shutdownNow();
    clock.awaitTermination(5, TimeUnit.SECONDS);
    run.elapsed(System.nanoTime() - started);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(10);
    }
    System.out.printf(
        Locale.ROOT,
        "%n### overload: open loop at %.0f requests/s (%.1fx the best throughput) for %d s%n%n",
        rate,
        overload,
        seconds);
    System.out.println(
        "| offered/s | 200/s | 503/s | other | admitted p50 ms | admitted p99 ms | unloaded p99 ms | p99 ratio | server heap MB before / max / after |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double secondsRun = run.seconds();
    System.out.printf(
        Locale.ROOT,
        "| %.0f | %.0f | %.0f | %d | %.1f | %.1f | %.1f | %.1f | %d / %d / %d |%n",
        run.count() / secondsRun,
        run.ok() / secondsRun,
        run.status(503) / secondsRun,
        run.count() - run.ok() - run.status(503),
        run.percentile(50),
        run.percentile(99),
        unloadedP99,
        run.percentile(99) / unloadedP99,
        heapBefore >> 20,
        maxHeap.get() >> 20,
        heapBytes() >> 20);
  }

  /** The server's heap in use, from its Prometheus endpoint (sum over pools); -1 if unreadable. */
  private long heapBytes() {
    try {
      return HeapMetric.USED.read(http, url);
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /** Latencies of 200 answers and counts of every status, from any thread. */
  private static final class Run {
    private final ConcurrentLinkedQueue<Double> okMs = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
    private long elapsedNs;

    void record(int status, long startedNs) {
      statuses.add(status);
      if (status == 200) {
        okMs.add((System.nanoTime() - startedNs) / 1e6);
      }
    }

    void elapsed(long ns) {
      elapsedNs = ns;
    }

    double seconds() {
      return elapsedNs / 1e9;
    }

    int count() {
      return statuses.size();
    }

    long status(int code) {
      return statuses.stream().filter(s -> s == code).count();
    }

    long ok() {
      return status(200);
    }

    long failures() {
      return count() - ok();
    }

    double rate() {
      return ok() / seconds();
    }

    double percentile(double p) {
      double[] v = okMs.stream().mapToDouble(Double::doubleValue).toArray();
      return v.length == 0 ? Double.NaN : BenchCommand.percentile(v, p);
    }
  }
}
