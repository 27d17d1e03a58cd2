package io.facegate.fleet.follower;

import io.facegate.store.StoredEmbedding;
import java.util.List;

/**
 * What one batch changed in a follower's SQLite replica, for the in-memory index to follow: the
 * embeddings now present ({@code added}; one added and deleted within the batch is in neither list)
 * and the ids deleted ({@code removed}, possibly ones the replica never had). The replica is at
 * {@code seq} of {@code lineage}.
 */
public record AppliedBatch(
    String lineage, long seq, List<StoredEmbedding> added, List<Long> removed) {
  public AppliedBatch {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }
}
