package io.facegate.app;

import io.facegate.index.FaceIndex;
import io.facegate.index.IndexedEmbedding;
import io.facegate.service.Consistency;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreRevision;
import io.facegate.store.StoredEmbedding;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the in-memory index from SQLite at boot and proves it holds exactly the stored ids of the
 * loaded model. SQLite is the source of truth: on a difference the index is thrown away and filled
 * once more; if that still differs, the server does not start rather than answer from a gallery it
 * cannot trust. Then, for a gallery large enough for the HNSW graph, the graph comes from the
 * snapshot beside the database when that reflects exactly this database state (lineage, change
 * sequence, embedder, parameters, checksum, every vector), or is built in the background while the
 * exact scan serves.
 */
final class GalleryLoader {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryLoader.class);

  private GalleryLoader() {}

  /**
   * {@code empty} makes an empty index; it runs on a worker thread. {@code snapshot} is the graph
   * snapshot file, or null to always build.
   */
  static Future<FaceIndex> load(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      Function<List<StoredEmbedding>, List<StoredEmbedding>> filter,
      java.util.function.Supplier<FaceIndex> empty,
      Path snapshot) {
    return store
        .revision()
        .compose(
            state ->
                fill(vertx, store, modelId, policy, filter, empty, state)
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
                                      index.close();
                                      return fill(
                                              vertx, store, modelId, policy, filter, empty, state)
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
                                    }))
                    .compose(
                        index ->
                            vertx.executeBlocking(
                                () -> {
                                  if (snapshot == null) {
                                    index.buildGraphIfLarge();
                                  } else {
                                    index.loadSnapshotOrBuild(
                                        snapshot,
                                        index.header(modelId, state.lineage(), state.seq()));
                                  }
                                  return index;
                                })));
  }

  /** The usual boot: every stored embedding of the model. */
  static Future<FaceIndex> load(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      java.util.function.Supplier<FaceIndex> empty,
      Path snapshot) {
    return load(vertx, store, modelId, policy, Function.identity(), empty, snapshot);
  }

  private static Future<FaceIndex> fill(
      Vertx vertx,
      PeopleStore store,
      String modelId,
      OnModelMismatch policy,
      Function<List<StoredEmbedding>, List<StoredEmbedding>> filter,
      java.util.function.Supplier<FaceIndex> empty,
      StoreRevision state) {
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
                              .toList(),
                          state.seq());
                      LOG.info(
                          "index filled from SQLite: {} embeddings of {} people (change sequence {})",
                          index.size(),
                          index.people(),
                          state.seq());
                      return index;
                    }));
  }

  private static Future<Consistency> check(PeopleStore store, String modelId, FaceIndex index) {
    return store.embeddingIds(modelId).map(ids -> Consistency.compare(ids, index.embeddingIds()));
  }
}
