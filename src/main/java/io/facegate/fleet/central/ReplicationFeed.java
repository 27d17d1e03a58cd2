package io.facegate.fleet.central;

import io.facegate.fleet.FeedJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * What a central answers a follower's poll: the changes after its cursor, waiting up to {@code
 * wait} seconds for some when there are none yet (a long poll, woken by the {@link SeqWatch}); and
 * the snapshot to start from. Every poll also records the door's cursor, which is what it has
 * applied. Refusals ({@link io.facegate.fleet.FeedRefusal}) and bad arguments ({@link
 * IllegalArgumentException}) fail the future for the HTTP layer to map.
 */
public final class ReplicationFeed {
  public static final int DEFAULT_LIMIT = 500;
  public static final int MAX_LIMIT = 5_000;
  public static final int MAX_WAIT_SECONDS = 60;

  private final ChangeLog log;
  private final Replicas replicas;
  private final SeqWatch watch;

  public ReplicationFeed(ChangeLog log, Replicas replicas, SeqWatch watch) {
    this.log = log;
    this.replicas = replicas;
    this.watch = watch;
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
    return log.changesAfter(lineage, after, limit)
        .compose(
            batch ->
                batch.changes().isEmpty() && waitSeconds > 0
                    ? watch
                        .awaitAbove(after, TimeUnit.SECONDS.toMillis(waitSeconds))
                        .compose(
                            latest ->
                                latest > after
                                    ? log.changesAfter(lineage, after, limit)
                                    : Future.succeededFuture(batch))
                    : Future.succeededFuture(batch))
        .compose(
            batch ->
                replicas.acknowledge(door, lineage, after).map(FeedJson.changes(batch, after)));
  }

  /** The body of {@code GET /replication/snapshot}. */
  public Future<JsonObject> snapshot() {
    return log.snapshot().map(FeedJson::snapshot);
  }
}
