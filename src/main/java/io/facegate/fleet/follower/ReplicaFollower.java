package io.facegate.fleet.follower;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.ChangeSource;
import io.facegate.fleet.FeedRefusal;
import io.facegate.fleet.central.SeqWatch;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexChange;
import io.facegate.index.IndexedEmbedding;
import io.facegate.service.Doors;
import io.facegate.service.IdThresholdSource;
import io.facegate.store.StoreRevision;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's replica (SQLite, then the in-memory index, then the identification
 * threshold, and the devices' memory) following a {@link ChangeSource}: a central follows its own
 * PostgreSQL log, a door a central's HTTP feed, with the same loop. One batch at a time: pull the
 * changes after the cursor, apply them to SQLite with the cursor in one transaction, then to the
 * index in one batch. A cursor the source refuses (pruned log, another lineage) is replaced by
 * loading the snapshot; any other failure (the central down) is retried with a growing pause while
 * the replica keeps serving.
 */
public final class ReplicaFollower {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaFollower.class);
  static final int BATCH = 500;
  private static final long FIRST_RETRY_MS = 500;
  private static final long MAX_RETRY_MS = 30_000;

  private final Vertx vertx;
  private final ChangeSource source;
  private final ReplicaApplier applier;
  private final FaceIndex index;
  private final IdThresholdSource idThresholds;
  private final String modelId;
  private final long waitMs;
  private final SeqWatch applied;
  private final Promise<Void> serving = Promise.promise();
  private volatile Doors doors;
  private volatile StoreRevision cursor;
  private volatile boolean stopped;
  private volatile boolean polling;
  private volatile boolean drained;

  /** When the replica was last known to hold everything the source had. */
  private volatile long currentAtMs = System.currentTimeMillis();

  private long retryMs = FIRST_RETRY_MS;

  /**
   * @param waitMs how long one poll may wait for news: the long poll of a door, or the pause after
   *     which a central polls its database even without a notification (one may be lost)
   */
  public ReplicaFollower(
      Vertx vertx,
      ChangeSource source,
      ReplicaApplier applier,
      FaceIndex index,
      IdThresholdSource idThresholds,
      String modelId,
      Duration waitMs) {
    this.vertx = vertx;
    this.source = source;
    this.applier = applier;
    this.index = index;
    this.idThresholds = idThresholds;
    this.modelId = modelId;
    this.waitMs = waitMs.toMillis();
    this.applied = new SeqWatch(vertx);
  }

  /**
   * Devices and revocations the replica commits reach {@code doors}' memory before the batch counts
   * as applied, so a central's device write is answered once its own memory holds it.
   */
  public ReplicaFollower updating(Doors doors) {
    this.doors = doors;
    return this;
  }

  /** {@code facegate_replica_seq} and {@code facegate_replica_lag_seconds}. */
  public ReplicaFollower measuredBy(MeterRegistry registry) {
    Gauge.builder("facegate.replica.seq", this, f -> f.cursor == null ? 0 : f.cursor.seq())
        .description("the last gallery change-log seq this replica applied")
        .register(registry);
    Gauge.builder("facegate.replica.lag.seconds", this, ReplicaFollower::lagSeconds)
        .description(
            "seconds since this replica was last known to hold every change of the central")
        .register(registry);
    return this;
  }

  /**
   * Starts following; completes once the replica serves a gallery: at once when it already holds
   * one (a restart, even with the central unreachable), else after the first snapshot is loaded.
   */
  public Future<Void> start() {
    applier
        .cursor()
        .onSuccess(
            found -> {
              found.ifPresent(
                  c -> {
                    cursor = c;
                    applied.advance(c.seq());
                    serving.tryComplete();
                  });
              step();
            })
        .onFailure(serving::tryFail);
    return serving.future();
  }

  public void stop() {
    stopped = true;
  }

  /**
   * Completes once the replica has applied {@code seq}, or at the latest after {@code waitMs}: true
   * when it has.
   */
  public Future<Boolean> awaitApplied(long seq, long waitMs) {
    return applied.awaitAbove(seq - 1, waitMs).map(latest -> latest >= seq);
  }

  /** The last seq applied, 0 before the first. */
  public long seq() {
    StoreRevision c = cursor;
    return c == null ? 0 : c.seq();
  }

  /**
   * 0 while a poll is open after one that left nothing behind; else the time since the replica was
   * last current.
   */
  public double lagSeconds() {
    if (polling && drained) {
      return 0;
    }
    return (System.currentTimeMillis() - currentAtMs) / 1000.0;
  }

  private void step() {
    if (stopped) {
      return;
    }
    Future<AppliedBatch> next = cursor == null ? resync() : poll();
    next.compose(this::toIndex)
        .onSuccess(
            v -> {
              retryMs = FIRST_RETRY_MS;
              vertx.runOnContext(x -> step());
            })
        .onFailure(this::retry);
  }

  private Future<AppliedBatch> resync() {
    return source
        .snapshot()
        .compose(
            snapshot -> {
              LOG.info(
                  "loading the gallery snapshot: lineage {}, seq {}, {} embeddings",
                  snapshot.lineage(),
                  snapshot.seq(),
                  snapshot.embeddings().size());
              currentAtMs = System.currentTimeMillis();
              return applier.reset(snapshot);
            });
  }

  private Future<AppliedBatch> poll() {
    polling = true;
    long started = System.currentTimeMillis();
    return source
        .changesAfter(cursor, BATCH, waitMs)
        .andThen(done -> polling = false)
        .compose(
            batch -> {
              drained = batch.changes().size() < BATCH;
              if (drained) {
                currentAtMs =
                    started; // every change committed before this poll began is in the batch
              }
              return nothingNew(batch) ? Future.succeededFuture(null) : applier.apply(batch);
            });
  }

  private boolean nothingNew(ChangeBatch batch) {
    return batch.changes().isEmpty() && batch.through() == cursor.seq();
  }

  /**
   * The index follows SQLite in one batch (on a worker: a graph insert can take a while); then the
   * threshold.
   */
  private Future<Void> toIndex(AppliedBatch batch) {
    if (batch == null) {
      return Future.succeededFuture();
    }
    List<IndexChange> changes = new ArrayList<>();
    batch.removed().forEach(id -> changes.add(new IndexChange.Remove(id)));
    batch.added().stream()
        .filter(e -> e.modelId().equals(modelId))
        .forEach(
            e ->
                changes.add(
                    new IndexChange.Add(new IndexedEmbedding(e.id(), e.username(), e.vector()))));
    return vertx
        .executeBlocking(
            () -> {
              index.apply(changes);
              return null;
            })
        .map(
            v -> {
              if (!changes.isEmpty()) {
                idThresholds.galleryChanged();
              }
              if (doors != null) {
                doors.replicated(batch.doors());
              }
              cursor = new StoreRevision(batch.lineage(), batch.seq());
              applied.advance(batch.seq());
              serving.tryComplete();
              return null;
            });
  }

  private void retry(Throwable failure) {
    if (stopped) {
      return;
    }
    if (failure instanceof FeedRefusal refusal) {
      LOG.info("the replica must start again from a snapshot: {}", refusal.getMessage());
      cursor = null;
      vertx.runOnContext(x -> step());
      return;
    }
    LOG.warn(
        "replication paused, retrying in {} ms (verification goes on from the replica): {}",
        retryMs,
        failure.getMessage());
    vertx.setTimer(retryMs, id -> step());
    retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
  }
}
