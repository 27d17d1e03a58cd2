package io.facegate.service;

import io.facegate.index.FaceIndex;
import io.facegate.index.IndexChange;
import io.facegate.index.IndexedEmbedding;
import io.facegate.store.Enrollment;
import io.facegate.store.PeopleStore;
import io.facegate.store.PhotoRemoval;
import io.facegate.store.Profile;
import io.facegate.store.Removal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A standalone box's writes: SQLite first and the in-memory index second, so what the index holds
 * was always acknowledged by SQLite; then the identification threshold follows the gallery.
 */
public final class LocalGallery implements GalleryWrites {
  private final PeopleStore store;
  private final FaceIndex index;
  private final IdThresholdSource idThresholds;

  public LocalGallery(PeopleStore store, FaceIndex index, IdThresholdSource idThresholds) {
    this.store = store;
    this.index = index;
    this.idThresholds = idThresholds;
  }

  @Override
  public Future<Enrollment> enroll(
      String username,
      String displayName,
      JsonObject metadata,
      List<float[]> vectors,
      List<byte[]> crops,
      String modelId) {
    return store
        .enroll(username, displayName, metadata, vectors, crops, modelId)
        .map(
            enrollment -> {
              List<IndexedEmbedding> entries = new ArrayList<>(vectors.size());
              for (int i = 0; i < vectors.size(); i++) {
                entries.add(
                    new IndexedEmbedding(
                        enrollment.embeddingIds().get(i), username, vectors.get(i)));
              }
              index.addAll(entries);
              idThresholds.galleryChanged();
              return enrollment;
            })
        .recover(e -> Future.failedFuture(PeopleDirectory.storageRefusal(e, "enrollments")));
  }

  @Override
  public Future<Optional<Removal>> delete(String username) {
    return store
        .delete(username)
        .map(
            removed -> {
              removed.ifPresent(
                  r -> {
                    index.removePerson(username);
                    idThresholds.galleryChanged();
                  });
              return removed;
            });
  }

  @Override
  public Future<Optional<Long>> updateProfile(String username, UnaryOperator<Profile> change) {
    return store.updateProfile(username, change).map(updated -> updated.map(p -> 0L));
  }

  @Override
  public Future<PhotoRemoval> removePhoto(String username, long embeddingId) {
    return store
        .removePhoto(username, embeddingId)
        .map(
            removal -> {
              if (removal.outcome() == PhotoRemoval.Outcome.REMOVED) {
                index.apply(List.of(new IndexChange.Remove(embeddingId)));
                idThresholds.galleryChanged();
              }
              return removal;
            });
  }

  @Override
  public boolean sharedSeq() {
    return false;
  }
}
