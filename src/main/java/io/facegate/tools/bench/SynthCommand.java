package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexSnapshot;
import io.facegate.index.IndexedEmbedding;
import io.facegate.store.BulkEnrollment;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreRevision;
import io.facegate.vision.FaceEmbedder;
import io.facegate.vision.FacePipeline;
import io.facegate.vision.ModelId;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills the configured store with synthetic people for the scale benchmarks: {@code synth-000001}
 * and on, display name "synthetic", one random unit 192-D embedding each, tagged with the id of the
 * embedder the server will load (computed from the model file, without starting ONNX Runtime), so
 * the server accepts them. Random unit vectors are near-orthogonal to real faces (cosine about 0 ±
 * 0.07), so they slow search down like real strangers without ever matching a real probe.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description =
        "Add N synthetic people (random embeddings) to the configured store, for scale benchmarks.")
public final class SynthCommand implements Callable<Integer> {
  static final String PREFIX = "synth-";
  static final String DISPLAY_NAME = "synthetic";

  @Option(names = "--people", required = true, description = "how many people to add")
  int people;

  @Option(
      names = "--batch",
      defaultValue = "20000",
      description = "people per transaction (default ${DEFAULT-VALUE})")
  int batch;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "random seed (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--no-snapshot",
      description = "do not build the HNSW graph and write data/index.snapshot at the end")
  boolean noSnapshot;

  @Override
  public Integer call() {
    if (people < 1 || batch < 1) {
      System.err.println("synth: --people and --batch must be at least 1");
      return 2;
    }
    FacegateConfig config = FacegateConfig.load();
    String modelId =
        ModelId.of(
            FacePipeline.EMBEDDER_FILE,
            config.pipeline().models().read(FacePipeline.EMBEDDER_FILE));
    Vertx vertx = Vertx.vertx();
    long started = System.nanoTime();
    try {
      Database db = Database.open(vertx, config.storage().dataDir()).await();
      try {
        BulkEnrollment bulk = new BulkEnrollment(db);
        int first = bulk.countWithPrefix(PREFIX).await() + 1;
        Random random = new Random(seed + first);
        for (int done = 0; done < people; ) {
          int n = Math.min(batch, people - done);
          List<String> names = new ArrayList<>(n);
          List<float[]> vectors = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            names.add(String.format("%s%06d", PREFIX, first + done + i));
            vectors.add(randomUnitVector(random));
          }
          bulk.enroll(names, DISPLAY_NAME, vectors, modelId).await();
          done += n;
          System.err.printf("synth: %d/%d%n", done, people);
        }
        System.out.printf(
            "synth: added %d synthetic people (model %s) to %s in %.1f s%n",
            people,
            modelId,
            config.storage().dataDir().toAbsolutePath(),
            (System.nanoTime() - started) / 1e9);
        if (!noSnapshot) {
          writeSnapshot(config, new PeopleStore(db), modelId);
        }
      } finally {
        db.close().await();
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  /**
   * The one-time graph build, done here rather than at the server's first boot: every stored
   * embedding of the model (as the server would load it), built on all cores, written as the
   * snapshot the server then loads. Below index_graph_from (or when it is 0) no graph is needed.
   */
  private static void writeSnapshot(FacegateConfig config, PeopleStore store, String modelId) {
    StoreRevision state = store.revision().await();
    try (FaceIndex index = config.index().emptyIndex(FaceEmbedder.DIMENSION)) {
      index.load(
          store.loadAll().await().stream()
              .filter(e -> e.modelId().equals(modelId))
              .map(e -> new IndexedEmbedding(e.id(), e.username(), e.vector()))
              .toList(),
          state.seq());
      long t0 = System.nanoTime();
      index.buildGraphIfLarge();
      if (!index.graphInUse() && index.size() < config.index().graphFrom()) {
        System.out.printf(
            "synth: %d embeddings, below index_graph_from: no graph, no snapshot%n", index.size());
        return;
      }
      index.awaitBackgroundWork();
      if (!index.graphInUse()) {
        throw new IllegalStateException("the HNSW build failed (see the log); no snapshot written");
      }
      long t1 = System.nanoTime();
      Path file = config.storage().dataDir().resolve(IndexSnapshot.FILE_NAME);
      Optional<Long> seq = index.writeSnapshot(file, modelId, state.lineage()).join();
      System.out.printf(
          "synth: HNSW graph of %d embeddings built in %.1f s, snapshot (seq %s, %d MB) written in %.1f s%n",
          index.size(),
          (t1 - t0) / 1e9,
          seq.map(String::valueOf).orElse("none"),
          file.toFile().length() >> 20,
          (System.nanoTime() - t1) / 1e9);
    }
  }

  /** Isotropic Gaussian, normalized: uniformly distributed on the unit sphere. */
  static float[] randomUnitVector(Random random) {
    float[] v = new float[FaceEmbedder.DIMENSION];
    double norm = 0;
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < v.length; i++) {
      v[i] *= scale;
    }
    return v;
  }
}
