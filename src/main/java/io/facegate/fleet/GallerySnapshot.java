package io.facegate.fleet;

import java.util.List;

/**
 * A consistent copy of the whole central gallery: exactly the changes up to {@code seq} of {@code
 * lineage}, so a follower that loads it continues with the changes after {@code seq}.
 */
public record GallerySnapshot(String lineage, long seq, List<ReplicatedEmbedding> embeddings) {
  public GallerySnapshot {
    embeddings = List.copyOf(embeddings);
  }
}
