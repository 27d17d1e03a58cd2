package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.index.IndexSnapshot;
import io.facegate.index.IndexedEmbedding;
import io.facegate.index.Shortlist;
import io.facegate.index.SyntheticFaces;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreRevision;
import io.facegate.store.StoredEmbedding;
import io.facegate.vision.FaceEmbedder;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.ModelId;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * 1:N search at several gallery sizes on synthetic face-like vectors (one per person): exact scan
 * versus the HNSW graph with the configured parameters (its build time and recall@1 against the
 * exact answer), then versus the binary-code shortlist. The data for choosing {@code
 * index_shortlist_from}, {@code index_shortlist} and {@code index_graph_from}.
 */
@Command(
    name = "bench-index",
    mixinStandardHelpOptions = true,
    description =
        "Time 1:N search (exact scan, HNSW, binary-code shortlist) at several gallery sizes; prints markdown tables.")
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
      names = "--hnsw-up-to",
      defaultValue = "100000",
      description = "build the graph only up to this size (default ${DEFAULT-VALUE})")
  int hnswUpTo;

  @Option(
      names = "--shortlist",
      split = ",",
      description = "binary-code shortlist sizes to time at each size (default: index_shortlist)")
  List<Integer> shortlists;

  @Option(
      names = "--ef",
      split = ",",
      description = "search ef values to time on each graph (default: index_ef)")
  List<Integer> efs;

  @Option(
      names = "--snapshot-dir",
      description = "also write each graph as a snapshot here and time loading it")
  Path snapshotDir;

  @Option(
      names = "--store",
      description =
          "instead of generated galleries: the configured data dir's people, "
              + "loaded as the server boots (SQLite, then the snapshot if it matches, else a build)")
  boolean store;

  @Override
  public Integer call() throws Exception {
    FacegateConfig config = FacegateConfig.load();
    if (store) {
      return benchStore(config);
    }
    HnswParams params = config.index().hnsw();
    List<Integer> searchEfs = efs == null ? List.of(params.ef()) : efs;
    StringBuilder shortlisted =
        new StringBuilder(
            "| embeddings | shortlist | p50 / p99 ms | recall@1 vs exact |\n"
                + "|---|---|---|---|\n");
    System.out.printf(
        Locale.ROOT,
        "## 1:N search, %d-D, one embedding per person, %d queries%n%n",
        SyntheticFaces.DIM,
        queries);
    System.out.printf(
        Locale.ROOT,
        "HNSW M=%d efConstruction=%d; %d CPUs, load average %.2f at start; %s %s; "
            + "%s dot product; max heap %d MB%n%n",
        params.m(),
        params.efConstruction(),
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        FaceIndex.kernel(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.println(
        "| embeddings | exact p50 / p99 ms | HNSW build s | ef | HNSW p50 / p99 ms | recall@1 vs exact "
            + "| snapshot MB / write s / load s | heap MB after build |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int size : sizes) {
      Gallery g = Gallery.make(size, queries, new Random(size));
      List<String> truth = new ArrayList<>();
      String exactCell;
      try (FaceIndex exact = new FaceIndex(SyntheticFaces.DIM, params, Integer.MAX_VALUE)) {
        exact.addAll(g.entries);
        exactCell = time(exact, g.queries, truth);
      }
      for (int rows : shortlistSizes(config)) {
        try (FaceIndex listed =
            new FaceIndex(SyntheticFaces.DIM, params, Integer.MAX_VALUE, new Shortlist(0, rows))) {
          listed.addAll(g.entries);
          List<String> found = new ArrayList<>();
          String cell = time(listed, g.queries, found);
          shortlisted.append(
              String.format(
                  Locale.ROOT,
                  "| %d | %d | %s | %.3f |%n",
                  size,
                  rows,
                  cell,
                  recall(truth, found)));
        }
      }
      if (size > hnswUpTo) {
        System.out.printf(Locale.ROOT, "| %d | %s | - | - | - | - | - | - |%n", size, exactCell);
        continue;
      }
      try (FaceIndex graph = new FaceIndex(SyntheticFaces.DIM, params, 0)) {
        graph.load(g.entries, 0);
        long t0 = System.nanoTime();
        graph.buildGraphIfLarge();
        graph.graphLive().join();
        String build = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
        System.gc();
        long heap = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20;
        String snapshot = snapshot(graph, g.entries, params);
        for (int ef : searchEfs) {
          graph.setEf(ef);
          List<String> found = new ArrayList<>();
          String graphCell = time(graph, g.queries, found);
          System.out.printf(
              Locale.ROOT,
              "| %d | %s | %s | %d | %s | %.3f | %s | %d |%n",
              size,
              exactCell,
              build,
              ef,
              graphCell,
              recall(truth, found),
              snapshot,
              heap);
        }
      }
    }
    System.out.printf(
        Locale.ROOT, "%n### exact scan of a binary-code shortlist%n%n%s", shortlisted);
    System.out.printf(
        Locale.ROOT,
        "%nload average at end %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
  }

  /**
   * The server's own gallery: filled from SQLite, graph from the snapshot (timed) or built, then
   * probes made from random stored vectors plus noise (cosine about 0.6 to their source, like a
   * second photo of a person) timed through the graph at each ef, against the exact scan.
   */
  private int benchStore(FacegateConfig config) throws Exception {
    String modelId =
        ModelId.of(
            FacePipeline.EMBEDDER_FILE,
            config.pipeline().models().read(FacePipeline.EMBEDDER_FILE));
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.storage().dataDir()).await();
      try (FaceIndex index = config.index().emptyIndex(FaceEmbedder.DIMENSION)) {
        PeopleStore people = new PeopleStore(db);
        StoreRevision state = people.revision().await();
        long t0 = System.nanoTime();
        List<StoredEmbedding> stored = people.loadAll().await();
        index.load(
            stored.stream()
                .filter(e -> e.modelId().equals(modelId))
                .map(e -> new IndexedEmbedding(e.id(), e.username(), e.vector()))
                .toList(),
            state.seq());
        long[] ids = stored.stream().mapToLong(StoredEmbedding::id).toArray();
        stored = null;
        long t1 = System.nanoTime();
        Optional<String> refused =
            index.loadSnapshotOrBuild(
                config.storage().dataDir().resolve(IndexSnapshot.FILE_NAME),
                index.header(modelId, state.lineage(), state.seq()));
        long t2 = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "%d embeddings: SQLite read %.1f s; snapshot %s in %.1f s; %s dot product%n",
            index.size(),
            (t1 - t0) / 1e9,
            refused.map(r -> "refused (" + r + "), building").orElse("loaded"),
            (t2 - t1) / 1e9,
            FaceIndex.kernel());
        if (refused.isPresent() && index.size() >= config.index().graphFrom()) {
          index.awaitBackgroundWork();
          System.out.printf(Locale.ROOT, "built in %.1f s%n", (System.nanoTime() - t2) / 1e9);
        }
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
        if (!index.graphInUse() && index.shortlisted()) {
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
        if (!index.graphInUse()) {
          System.out.printf(
              Locale.ROOT,
              "no graph (%d embeddings, below index_graph_from): the scan "
                  + "answers every search%n",
              index.size());
          return 0;
        }
        System.out.println("| ef | HNSW p50 / p99 ms | recall@1 vs exact |");
        System.out.println("|---|---|---|");
        List<Integer> searchEfs = efs == null ? List.of(config.index().hnsw().ef()) : efs;
        for (int ef : searchEfs) {
          index.setEf(ef);
          List<String> found = new ArrayList<>();
          String cell = time(index, probes, found);
          System.out.printf(Locale.ROOT, "| %d | %s | %.3f |%n", ef, cell, recall(truth, found));
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

  /** Writes the graph as a snapshot and loads it into a fresh index, as a boot would. */
  private String snapshot(FaceIndex graph, List<IndexedEmbedding> entries, HnswParams params)
      throws Exception {
    if (snapshotDir == null) {
      return "-";
    }
    Files.createDirectories(snapshotDir);
    Path file = snapshotDir.resolve("bench-" + entries.size() + ".snapshot");
    long t0 = System.nanoTime();
    graph.writeSnapshot(file, "bench", "bench").join().orElseThrow();
    double write = (System.nanoTime() - t0) / 1e9;
    long mb = Files.size(file) >> 20;
    try (FaceIndex loaded = new FaceIndex(SyntheticFaces.DIM, params, 0)) {
      loaded.load(entries, 0);
      long t1 = System.nanoTime();
      Optional<String> refused =
          loaded.loadSnapshotOrBuild(file, loaded.header("bench", "bench", 0));
      if (refused.isPresent()) {
        throw new IllegalStateException("snapshot refused: " + refused.get());
      }
      double load = (System.nanoTime() - t1) / 1e9;
      Files.delete(file);
      return String.format(Locale.ROOT, "%d / %.1f / %.1f", mb, write, load);
    }
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
