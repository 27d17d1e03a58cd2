package io.facegate.fleet;

import java.util.List;

/**
 * Changes of one gallery history ({@code lineage}) in seq order, and the position a follower
 * reaches once it applied them: {@code through} is the last change's seq, or the cursor asked after
 * when nothing was new. Seqs may have gaps (a rolled-back write); that is not a loss.
 */
public record ChangeBatch(String lineage, List<GalleryChange> changes, long through) {
  public ChangeBatch {
    changes = List.copyOf(changes);
  }
}
