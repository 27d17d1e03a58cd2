package io.facegate.app;

import io.facegate.index.FaceIndex;
import io.facegate.index.IndexedEmbedding;
import io.facegate.service.Consistency;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoredEmbedding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the in-memory index from SQLite at boot and proves it holds exactly the stored ids of the
 * loaded model. SQLite is the source of truth: on a difference the index is thrown away and filled
 * once more; if that still differs, the server does not start rather than answer from a gallery it
 * cannot trust.
 */
final class GalleryLoader {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryLoader.class);

  private GalleryLoader() {}

  /** {@code empty} makes an empty index; it runs on a worker thread. */
  static Future<FaceIndex> load(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      Function<List<StoredEmbedding>, List<StoredEmbedding>> filter,
      java.util.function.Supplier<FaceIndex> empty) {
    return fill(vertx, store, modelId, policy, filter, empty)
        .compose(
            index ->
                check(store, modelId, index)
                    .compose(
                        first -> {
                          if (first.consistent()) {
                            return Future.succeededFuture(index);
                          }
                          LOG.warn(
                              "index does not match SQLite after the rebuild ({}); rebuilding it",
                              first);
                          return fill(vertx, store, modelId, policy, filter, empty)
                              .compose(
                                  again ->
                                      check(store, modelId, again)
                                          .compose(
                                              second ->
                                                  second.consistent()
                                                      ? Future.succeededFuture(again)
                                                      : Future.failedFuture(
                                                          new IllegalStateException(
                                                              "the index still differs from SQLite after a "
                                                                  + "second rebuild: "
                                                                  + second))));
                        }));
  }

  /** The usual boot: every stored embedding of the model. */
  static Future<FaceIndex> load(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      java.util.function.Supplier<FaceIndex> empty) {
    return load(vertx, store, modelId, policy, Function.identity(), empty);
  }

  private static Future<FaceIndex> fill(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      Function<List<StoredEmbedding>, List<StoredEmbedding>> filter,
      java.util.function.Supplier<FaceIndex> empty) {
    return store
        .loadAll()
        .compose(
            stored ->
                vertx.executeBlocking(
                    () -> {
                      FaceIndex index = empty.get();
                      index.load(
                          filter.apply(policy.select(stored, modelId)).stream()
                              .map(e -> new IndexedEmbedding(e.id(), e.username(), e.vector()))
                              .toList());
                      LOG.info(
                          "index filled from SQLite: {} embeddings of {} people ({} dot product)",
                          index.size(),
                          index.people(),
                          FaceIndex.kernel());
                      return index;
                    }));
  }

  private static Future<Consistency> check(PeopleStore store, String modelId, FaceIndex index) {
    return store.embeddingIds(modelId).map(ids -> Consistency.compare(ids, index.embeddingIds()));
  }
}
