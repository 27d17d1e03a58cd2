package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Fills a data dir with synthetic people (random unit vectors) through PeopleStore, one transaction
 * per person as the server does, for measuring backup/restore/export/import at scale: {@code java
 * -cp ... io.facegate.store.SyntheticPeople DATA_DIR PEOPLE EMBEDDINGS_EACH DIM MODEL_ID}.
 */
public final class SyntheticPeople {
  private SyntheticPeople() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    int people = Integer.parseInt(args[1]);
    int each = Integer.parseInt(args[2]);
    int dim = Integer.parseInt(args[3]);
    String modelId = args[4];
    Random random = new Random(1);
    Vertx vertx = Vertx.vertx();
    long started = System.nanoTime();
    Database db = Database.open(vertx, dataDir).await(60, TimeUnit.SECONDS);
    PeopleStore store = new PeopleStore(db);
    Future<Void> chain = Future.succeededFuture();
    for (int p = 0; p < people; p++) {
      List<float[]> vectors = new ArrayList<>(each);
      for (int e = 0; e < each; e++) {
        vectors.add(unit(random, dim));
      }
      String username = String.format("person%06d", p);
      chain = chain.compose(v -> store.enroll(username, null, vectors, modelId)).mapEmpty();
    }
    chain.await(1, TimeUnit.HOURS);
    db.close().await(60, TimeUnit.SECONDS);
    vertx.close().await(60, TimeUnit.SECONDS);
    System.out.printf(
        "enrolled %d people x %d embeddings in %d ms%n",
        people, each, (System.nanoTime() - started) / 1_000_000);
  }

  private static float[] unit(Random random, int dim) {
    float[] v = new float[dim];
    double norm = 0;
    for (int i = 0; i < dim; i++) {
      v[i] = (float) random.nextGaussian();
      norm += v[i] * v[i];
    }
    for (int i = 0; i < dim; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }
}
