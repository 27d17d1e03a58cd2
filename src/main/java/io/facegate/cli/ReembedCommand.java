package io.facegate.cli;

import io.facegate.config.FacegateConfig;
import io.facegate.store.CropVault;
import io.facegate.store.Crops;
import io.facegate.store.Database;
import io.facegate.vision.FacePipeline;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;

/**
 * After a model change: every stored crop through the configured embedder, replacing the old
 * vectors and model ids in one transaction. Holds the data dir lock like import, so it refuses
 * while a server runs (which would keep serving the old vectors from memory).
 */
@Command(
    name = "reembed",
    description =
        "Recompute every embedding that has a stored crop with the configured model "
            + "(needs crop_store_key_file; stop the server first).")
public final class ReembedCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    return run(FacegateConfig.load());
  }

  int run(FacegateConfig config) throws Exception {
    CropVault vault = config.storage().cropVault();
    if (!vault.keeps()) {
      throw new IllegalArgumentException(
          "reembed needs crop_store_key_file: without the key no stored crop can be read");
    }
    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.storage().dataDir()).await(60, TimeUnit.SECONDS);
      try (FacePipeline pipeline =
          FacePipeline.load(config.pipeline().models(), config.pipelineSettings())) {
        Crops crops = new Crops(db);
        // All crops are opened and embedded before anything is written: a wrong key changes
        // nothing.
        Map<Long, float[]> vectors = embed(crops.all().await(1, TimeUnit.HOURS), vault, pipeline);
        int replaced = crops.replaceVectors(vectors, pipeline.modelId()).await(1, TimeUnit.HOURS);
        List<String> stranded =
            crops.peopleWithoutCrops(pipeline.modelId()).await(1, TimeUnit.HOURS);
        System.out.printf(
            "re-embedded %d embeddings with %s in %d ms%n",
            replaced, pipeline.modelId(), (System.nanoTime() - started) / 1_000_000);
        if (!stranded.isEmpty()) {
          System.out.printf(
              "%d people have embeddings of another model and no stored crop; re-enroll them: %s%n",
              stranded.size(), String.join(", ", stranded));
        }
      } finally {
        db.close().await(60, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    return 0;
  }

  private static Map<Long, float[]> embed(
      List<Crops.Stored> stored, CropVault vault, FacePipeline pipeline) {
    Map<Long, float[]> vectors = new LinkedHashMap<>();
    for (Crops.Stored crop : stored) {
      try (Mat aligned = pipeline.decode(vault.open(crop.embeddingId(), crop.sealed()))) {
        vectors.put(crop.embeddingId(), pipeline.embedAligned(List.of(aligned))[0]);
      }
    }
    return vectors;
  }
}
