package io.facegate.fleet.central;

import io.facegate.fleet.FeedJson;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.store.StoreRevision;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * What a central answers a follower's poll: the changes after its cursor, waiting up to {@code
 * wait} seconds for some when there are none yet (a long poll, woken by the {@link SeqWatch}); and
 * the snapshot to start from. Every poll first records the door's cursor, which is what it has
 * applied. Refusals ({@link io.facegate.fleet.FeedRefusal}) and bad arguments ({@link
 * IllegalArgumentException}) fail the future for the HTTP layer to map.
 */
public final class ReplicationFeed {
  public static final int DEFAULT_LIMIT = 500;
  public static final int MAX_LIMIT = 5_000;
  public static final int MAX_WAIT_SECONDS = 60;

  private final LogSource source;
  private final Replicas replicas;

  public ReplicationFeed(LogSource source, Replicas replicas) {
    this.source = source;
    this.replicas = replicas;
  }

  /** The body of {@code GET /replication/changes?lineage&after&limit&wait} for {@code door}. */
  public Future<JsonObject> changes(
      String door, String lineage, long after, int limit, int waitSeconds) {
    if (lineage == null || lineage.isBlank()) {
      return Future.failedFuture(
          new IllegalArgumentException("lineage is required (from the snapshot)"));
    }
    if (after < 0
        || limit < 1
        || limit > MAX_LIMIT
        || waitSeconds < 0
        || waitSeconds > MAX_WAIT_SECONDS) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "after must be at least 0, limit 1-"
                  + MAX_LIMIT
                  + " and wait 0-"
                  + MAX_WAIT_SECONDS
                  + " seconds"));
    }
    // Recorded before the wait: a door's cursor (and so the erasures it proves) shows at once, not
    // a long poll later.
    return replicas
        .acknowledge(door, lineage, after)
        .compose(
            v ->
                source.changesAfter(
                    new StoreRevision(lineage, after),
                    limit,
                    TimeUnit.SECONDS.toMillis(waitSeconds)))
        .map(batch -> FeedJson.changes(batch, after));
  }

  /**
   * What {@code GET /replication/snapshot} sends; its body ({@link FeedJson#snapshot}) is for the
   * caller to encode off the event loop, as a large gallery takes seconds.
   */
  public Future<GallerySnapshot> snapshot() {
    return source.snapshot();
  }
}
