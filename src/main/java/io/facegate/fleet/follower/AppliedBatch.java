package io.facegate.fleet.follower;

import io.facegate.service.DoorChanges;
import io.facegate.store.StoredEmbedding;
import java.util.List;

/**
 * What one batch changed in a follower's SQLite replica, for the in-memory index to follow: the
 * embeddings now present ({@code added}; one added and deleted within the batch is in neither list)
 * and the ids deleted ({@code removed}, possibly ones the replica never had). The replica is at
 * {@code seq} of {@code lineage}. {@code storeSeq} is the local store's change sequence after the
 * batch and {@code storeRows} the embedding rows it changed, which the index tracks for its
 * snapshots. {@code doors}: what the batch did to devices and revocations.
 */
public record AppliedBatch(
    String lineage,
    long seq,
    List<StoredEmbedding> added,
    List<Long> removed,
    long storeSeq,
    int storeRows,
    DoorChanges doors) {
  public AppliedBatch {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }
}
