package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.index.Candidate;
import io.facegate.index.FaceData;
import io.facegate.index.FaceIndex;
import io.facegate.index.GalleryEntry;
import io.facegate.index.HnswParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * 1:N search at several gallery sizes on synthetic face-like vectors (one per person): exact scan
 * versus the HNSW graph with the configured parameters, with the graph's build time and its
 * recall@1 against the exact answer. The data for choosing {@code index_exact_search_below}.
 */
@Command(name = "bench-index", mixinStandardHelpOptions = true,
    description = "Time 1:N search, exact scan vs HNSW, at several gallery sizes; prints a markdown table.")
public final class IndexBenchCommand implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "10000,20000,50000,100000",
      description = "gallery sizes (default ${DEFAULT-VALUE})")
  List<Integer> sizes;

  @Option(names = "--queries", defaultValue = "500", description = "timed queries per size (default ${DEFAULT-VALUE})")
  int queries;

  @Option(names = "--hnsw-up-to", defaultValue = "20000",
      description = "build the graph only up to this size: beyond it a build takes minutes (default ${DEFAULT-VALUE})")
  int hnswUpTo;

  @Override
  public Integer call() {
    FacegateConfig config = FacegateConfig.load();
    HnswParams params = new HnswParams(config.integer("index_m"), config.integer("index_ef_construction"),
        config.integer("index_ef"));
    System.out.printf(Locale.ROOT, "## 1:N search, %d-D, one embedding per person, %d queries%n%n", FaceData.DIM, queries);
    System.out.printf(Locale.ROOT, "HNSW M=%d efConstruction=%d ef=%d; %d CPUs, load average %.2f at start; %s %s%n%n",
        params.m(), params.efConstruction(), params.ef(), Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
    System.out.println("| embeddings | exact p50 / p99 ms | HNSW build s | HNSW p50 / p99 ms | HNSW recall@1 vs exact |");
    System.out.println("|---|---|---|---|---|");
    for (int size : sizes) {
      Gallery g = Gallery.make(size, queries, new Random(size));
      FaceIndex exact = new FaceIndex(FaceData.DIM, params, Integer.MAX_VALUE);
      exact.addAll(g.entries);
      List<String> truth = new ArrayList<>();
      String exactCell = time(exact, g.queries, truth);
      String build = "-", graphCell = "-", recall = "-";
      if (size <= hnswUpTo) {
        FaceIndex graph = new FaceIndex(FaceData.DIM, params, 0);
        long t0 = System.nanoTime();
        graph.addAll(g.entries);
        build = String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9);
        List<String> found = new ArrayList<>();
        graphCell = time(graph, g.queries, found);
        int same = 0;
        for (int i = 0; i < truth.size(); i++) {
          same += truth.get(i).equals(found.get(i)) ? 1 : 0;
        }
        recall = String.format(Locale.ROOT, "%.3f", same / (double) truth.size());
      }
      System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", size, exactCell, build, graphCell, recall);
    }
    System.out.printf(Locale.ROOT, "%nload average at end %.2f%n",
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return 0;
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
    return String.format(Locale.ROOT, "%.2f / %.2f", BenchCommand.percentile(ms, 50), BenchCommand.percentile(ms, 99));
  }

  /** One photo per identity in the gallery; queries are second photos of random identities. */
  private record Gallery(List<GalleryEntry> entries, List<float[]> queries) {
    static Gallery make(int size, int queries, Random random) {
      FaceData faces = new FaceData(random.nextLong());
      boolean[] queried = new boolean[size];
      for (int i = 0; i < queries; i++) {
        queried[random.nextInt(size)] = true;
      }
      List<GalleryEntry> entries = new ArrayList<>(size);
      List<float[]> probes = new ArrayList<>(queries);
      for (int i = 0; i < size; i++) {
        float[] identity = faces.identity();
        entries.add(new GalleryEntry(i, "p" + i, faces.photoOf(identity)));
        if (queried[i]) {
          probes.add(faces.photoOf(identity));
        }
      }
      return new Gallery(entries, probes);
    }
  }
}
