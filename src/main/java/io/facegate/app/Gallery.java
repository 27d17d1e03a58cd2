package io.facegate.app;

import io.facegate.index.FaceIndex;
import io.facegate.service.Consistency;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoredEmbedding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Function;

/**
 * Rebuilds the in-memory index from SQLite at boot and proves it holds exactly the stored ids of
 * the loaded model. SQLite is the source of truth: on a difference the index is thrown away and
 * built once more; if that still differs, the server does not start rather than answer from a
 * gallery it cannot trust.
 */
final class Gallery {
  private static final Logger LOG = LoggerFactory.getLogger(Gallery.class);

  private Gallery() {
  }

  /** {@code build} makes an index from the embeddings to serve; it runs on a worker thread. */
  static Future<FaceIndex> load(Vertx vertx, PeopleStore store, String modelId, OnModelMismatch policy,
      Function<List<StoredEmbedding>, FaceIndex> build) {
    return buildFromStore(vertx, store, modelId, policy, build).compose(index -> check(store, modelId, index)
        .compose(first -> {
          if (first.consistent()) {
            return Future.succeededFuture(index);
          }
          LOG.warn("index does not match SQLite after the rebuild ({}); rebuilding it", first);
          return buildFromStore(vertx, store, modelId, policy, build).compose(again -> check(store, modelId, again)
              .compose(second -> second.consistent() ? Future.succeededFuture(again)
                  : Future.failedFuture(new IllegalStateException("the index still differs from SQLite after a "
                      + "second rebuild: " + second))));
        }));
  }

  private static Future<FaceIndex> buildFromStore(Vertx vertx, PeopleStore store, String modelId,
      OnModelMismatch policy, Function<List<StoredEmbedding>, FaceIndex> build) {
    return store.loadAll().compose(stored -> vertx.executeBlocking(() -> {
      FaceIndex index = build.apply(policy.select(stored, modelId));
      LOG.info("index rebuilt from SQLite: {} embeddings of {} people", index.size(), index.people());
      return index;
    }));
  }

  private static Future<Consistency> check(PeopleStore store, String modelId, FaceIndex index) {
    return store.embeddingIds(modelId).map(ids -> Consistency.compare(ids, index.embeddingIds()));
  }
}
