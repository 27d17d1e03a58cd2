package io.facegate.tools.bench;

import io.facegate.config.FacegateConfig;
import io.facegate.store.BulkEnrollment;
import io.facegate.store.Database;
import io.facegate.vision.EmbedderChoice;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
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

  @Override
  public Integer call() {
    if (people < 1 || batch < 1) {
      System.err.println("synth: --people and --batch must be at least 1");
      return 2;
    }
    FacegateConfig config = FacegateConfig.load();
    EmbedderChoice embedder = config.pipeline().embedder();
    String modelId = embedder.modelId(config.pipeline().models());
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
            vectors.add(randomUnitVector(random, embedder.dimension()));
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
      } finally {
        db.close().await();
      }
    } finally {
      vertx.close().await();
    }
    return 0;
  }

  /** Isotropic Gaussian, normalized: uniformly distributed on the unit sphere. */
  static float[] randomUnitVector(Random random, int dimension) {
    float[] v = new float[dimension];
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
