package io.facegate.fleet;

import io.facegate.store.StoreRevision;
import io.vertx.core.Future;

/**
 * Where a replica's changes come from: the central's PostgreSQL log (a central instance following
 * its own database) or a central's HTTP feed (a door). Both refuse a cursor they cannot continue
 * with {@link FeedRefusal}; the follower then starts again from {@link #snapshot()}.
 */
public interface ChangeSource {
  /**
   * Up to {@code limit} changes after {@code cursor}, waiting up to {@code waitMs} for some when
   * there are none yet.
   */
  Future<ChangeBatch> changesAfter(StoreRevision cursor, int limit, long waitMs);

  /** The whole gallery at one (lineage, seq). */
  Future<GallerySnapshot> snapshot();
}
