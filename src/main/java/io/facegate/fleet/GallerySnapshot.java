package io.facegate.fleet;

import io.facegate.store.Device;
import java.util.List;

/**
 * A consistent copy of the whole central gallery: exactly the changes up to {@code seq} of {@code
 * lineage}, so a follower that loads it continues with the changes after {@code seq}. Besides the
 * embeddings: every person's profile that differs from the empty one, every device and every
 * revoked token.
 */
public record GallerySnapshot(
    String lineage,
    long seq,
    List<ReplicatedEmbedding> embeddings,
    List<ReplicatedProfile> profiles,
    List<Device> devices,
    List<RevokedToken> revoked) {
  public GallerySnapshot {
    embeddings = List.copyOf(embeddings);
    profiles = List.copyOf(profiles);
    devices = List.copyOf(devices);
    revoked = List.copyOf(revoked);
  }

  /** Embeddings only: no profile, device or revocation. */
  public GallerySnapshot(String lineage, long seq, List<ReplicatedEmbedding> embeddings) {
    this(lineage, seq, embeddings, List.of(), List.of(), List.of());
  }
}
