package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexedEmbedding;
import io.facegate.index.Shortlist;
import io.facegate.index.SyntheticFaces;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoredEmbedding;
import io.facegate.vision.EmbedderChoice;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * 1:N search at several gallery sizes on synthetic face-like vectors (one per person): the exact
 * scan versus the binary-code shortlist at each length, with its recall@1 against the exact answer.
 * The data for choosing {@code index_shortlist_from} and {@code index_shortlist}.
 */
@Command(
    name = "bench-index",
    mixinStandardHelpOptions = true,
    description =
        "Time 1:N search (exact scan, binary-code shortlist) at several gallery sizes; prints a markdown table.")
public final class IndexBenchCommand implements Callable<Integer> {
  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "10000,20000,50000,100000",
      description = "gallery sizes (default ${DEFAULT-VALUE})")
  List<Integer> sizes;

  @Option(
      names = "--queries",
      defaultValue = "500",
      description = "timed queries per size (default ${DEFAULT-VALUE})")
  int queries;

  @Option(
      names = "--shortlist",
      split = ",",
      description = "binary-code shortlist sizes to time at each size (default: index_shortlist)")
  List<Integer> shortlists;

  @Option(
      names = "--store",
      description =
          "instead of generated galleries: the configured data dir's people, "
              + "loaded as the server boots (from SQLite)")
  boolean store;

  @Override
  public Integer call() throws Exception {
    FacegateConfig config = FacegateConfig.load();
    if (store) {
      return benchStore(config);
    }
    System.out.printf(
        Locale.ROOT,
        "## 1:N search, %d-D, one embedding per person, %d queries%n%n",
        SyntheticFaces.DIM,
        queries);
    System.out.printf(
        Locale.ROOT,
        "%d CPUs, load average %.2f at start; %s %s; %s dot product; max heap %d MB%n%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        FaceIndex.kernel(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println("| embeddings | search | p50 / p99 ms | recall@1 vs exact |");
    System.out.println("|---|---|---|---|");
    for (int size : sizes) {
      Gallery g = Gallery.make(size, queries, new Random(size));
      List<String> truth = new ArrayList<>();
      FaceIndex exact = new FaceIndex(SyntheticFaces.DIM);
      exact.addAll(g.entries);
      System.out.printf(
          Locale.ROOT, "| %d | exact scan | %s | 1.000 |%n", size, time(exact, g.queries, truth));
      for (int rows : shortlistSizes(config)) {
        FaceIndex listed = new FaceIndex(SyntheticFaces.DIM, new Shortlist(0, rows));
        listed.addAll(g.entries);
        List<String> found = new ArrayList<>();
        String cell = time(listed, g.queries, found);
        System.out.printf(
            Locale.ROOT,
            "| %d | shortlist %d | %s | %.3f |%n",
            size,
            rows,
            cell,
            recall(truth, found));
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nload average at end %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
  }

  /**
   * The server's own gallery, filled from SQLite (timed), then probes made from random stored
   * vectors plus noise (cosine about 0.6 to their source, like a second photo of a person) timed
   * through the exact scan and, when the gallery is large enough for it, the shortlist.
   */
  private int benchStore(FacegateConfig config) throws Exception {
    EmbedderChoice embedder = config.pipeline().embedder();
    String modelId = embedder.modelId(config.pipeline().models());
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.storage().dataDir()).await();
      try {
        FaceIndex index = config.index().emptyIndex(embedder.dimension());
        PeopleStore people = new PeopleStore(db);
        long t0 = System.nanoTime();
        List<StoredEmbedding> stored = people.loadAll().await();
        index.load(
            stored.stream()
                .filter(e -> e.modelId().equals(modelId))
                .map(e -> new IndexedEmbedding(e.id(), e.username(), e.vector()))
                .toList());
        long[] ids = stored.stream().mapToLong(StoredEmbedding::id).toArray();
        stored = null;
        System.out.printf(
            Locale.ROOT,
            "%d embeddings: SQLite read %.1f s; %s dot product%n",
            index.size(),
            (System.nanoTime() - t0) / 1e9,
            FaceIndex.kernel());
        System.gc();
        System.out.printf(
            Locale.ROOT,
            "heap after load: %d MB; RSS %d MB%n",
            (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20,
            rssMb());
        Random random = new Random(42);
        List<float[]> probes = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
          float[] v = index.vectorOf(ids[random.nextInt(ids.length)]);
          for (int d = 0; d < v.length; d++) {
            v[d] += (float) (random.nextGaussian() * PROBE_SIGMA);
          }
          probes.add(unit(v));
        }
        List<String> truth = new ArrayList<>();
        double[] exactMs = new double[probes.size()];
        probes.forEach(p -> index.identifyExactly(p, 1)); // JIT warm-up, as time() does
        for (int i = 0; i < probes.size(); i++) {
          long a = System.nanoTime();
          truth.add(index.identifyExactly(probes.get(i), 1).get(0).username());
          exactMs[i] = (System.nanoTime() - a) / 1e6;
        }
        System.out.printf(
            Locale.ROOT,
            "exact scan p50 / p99 %.2f / %.2f ms%n%n",
            BenchCommand.percentile(exactMs, 50),
            BenchCommand.percentile(exactMs, 99));
        if (index.shortlisted()) {
          List<String> found = new ArrayList<>();
          String cell = time(index, probes, found);
          System.out.printf(
              Locale.ROOT,
              "binary-code shortlist of %d (index_shortlist) p50 / p99 %s ms, recall@1 vs exact "
                  + "%.3f%n%n",
              config.index().shortlist().size(),
              cell,
              recall(truth, found));
        }
        System.out.printf(
            Locale.ROOT,
            "%nRSS at end %d MB, load average %.2f%n",
            rssMb(),
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      } finally {
        db.close().await();
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  /**
   * Noise giving cosine about 0.6 between a probe and its stored source at 192-D: 1 / sqrt(1 + 192
   * s^2).
   */
  private static final double PROBE_SIGMA = 0.0962;

  private static float[] unit(float[] v) {
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }

  private static long rssMb() throws java.io.IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }

  private List<Integer> shortlistSizes(FacegateConfig config) {
    return shortlists == null ? List.of(config.index().shortlist().size()) : shortlists;
  }

  /** The share of queries whose best person is the exact scan's. */
  private static double recall(List<String> truth, List<String> found) {
    int same = 0;
    for (int i = 0; i < truth.size(); i++) {
      same += truth.get(i).equals(found.get(i)) ? 1 : 0;
    }
    return same / (double) truth.size();
  }

  /** Runs every query once untimed (JIT warm-up), then timed; records each best person. */
  private static String time(FaceIndex index, List<float[]> queries, List<String> best) {
    queries.forEach(q -> index.identify(q, 1));
    double[] ms = new double[queries.size()];
    for (int i = 0; i < ms.length; i++) {
      long t0 = System.nanoTime();
      List<Candidate> top = index.identify(queries.get(i), 1);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      best.add(top.get(0).username());
    }
    return String.format(
        Locale.ROOT,
        "%.2f / %.2f",
        BenchCommand.percentile(ms, 50),
        BenchCommand.percentile(ms, 99));
  }

  /** One photo per identity in the gallery; queries are second photos of random identities. */
  private record Gallery(List<IndexedEmbedding> entries, List<float[]> queries) {
    static Gallery make(int size, int queries, Random random) {
      SyntheticFaces faces = new SyntheticFaces(random.nextLong());
      boolean[] queried = new boolean[size];
      for (int i = 0; i < queries; i++) {
        queried[random.nextInt(size)] = true;
      }
      List<IndexedEmbedding> entries = new ArrayList<>(size);
      List<float[]> probes = new ArrayList<>(queries);
      for (int i = 0; i < size; i++) {
        float[] identity = faces.identity();
        entries.add(new IndexedEmbedding(i, "p" + i, faces.photoOf(identity)));
        if (queried[i]) {
          probes.add(faces.photoOf(identity));
        }
      }
      return new Gallery(entries, probes);
    }
  }
}
