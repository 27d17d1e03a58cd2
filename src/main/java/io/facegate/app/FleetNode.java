package io.facegate.app;

import io.facegate.config.FleetConfig;
import io.facegate.fleet.CentralWrites;
import io.facegate.fleet.ChangeSource;
import io.facegate.fleet.central.CentralDatabase;
import io.facegate.fleet.central.CentralGallery;
import io.facegate.fleet.central.ChangeLog;
import io.facegate.fleet.central.GallerySignal;
import io.facegate.fleet.central.LogSource;
import io.facegate.fleet.central.Replicas;
import io.facegate.fleet.central.ReplicationFeed;
import io.facegate.fleet.central.SeqWatch;
import io.facegate.fleet.follower.FeedClient;
import io.facegate.fleet.follower.ReplicaApplier;
import io.facegate.fleet.follower.ReplicaFollower;
import io.facegate.http.FleetRoutes;
import io.facegate.index.FaceIndex;
import io.facegate.service.GalleryWrites;
import io.facegate.service.IdThresholdSource;
import io.facegate.service.LocalGallery;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance's fleet role adds to the boot. Standalone: nothing, writes stay local.
 * Central: the PostgreSQL gallery, its doorbell, the feed for doors, log retention, and a replica
 * of its own that follows the log. Follower: a replica that follows a central's feed; writes are
 * refused.
 */
final class FleetNode {
  private static final Logger LOG = LoggerFactory.getLogger(FleetNode.class);

  /** A central polls its log this often even when no notification came (one can be lost). */
  private static final Duration CENTRAL_POLL = Duration.ofSeconds(1);

  /** A door's long poll; the central answers at once when a change commits. */
  private static final Duration DOOR_POLL = Duration.ofSeconds(20);

  private static final long HEAD_READ_MS = 1_000;
  private static final long PRUNE_EVERY_MS = 3_600_000;

  private final Vertx vertx;
  private final FleetConfig config;
  private final Teardown teardown;
  private final MeterRegistry metrics;
  private final FleetRoutes routes;
  private CentralGallery gallery;
  private LogSource log;

  FleetNode(
      Vertx vertx,
      FleetConfig config,
      Teardown teardown,
      MeterRegistry metrics,
      FleetRoutes routes) {
    this.vertx = vertx;
    this.config = config;
    this.teardown = teardown;
    this.metrics = metrics;
    this.routes = routes;
  }

  /**
   * A central's PostgreSQL side, before the local replica opens: migrated, listened to, served to
   * doors, pruned.
   */
  Future<Void> open(boolean keepsCrops) {
    if (config.role() != FleetConfig.Role.CENTRAL) {
      return Future.succeededFuture();
    }
    if (keepsCrops) {
      return Future.failedFuture(
          new IllegalArgumentException(
              "crop_store_key_file is not supported on a central: "
                  + "the central gallery in PostgreSQL keeps embeddings only"));
    }
    return CentralDatabase.open(vertx, config.postgresUrl(), config.postgresPasswordOrNull())
        .compose(
            db -> {
              teardown.add("the central database", db::close);
              ChangeLog changes = new ChangeLog(db);
              SeqWatch notified = new SeqWatch(vertx);
              gallery = new CentralGallery(db);
              log = new LogSource(changes, notified);
              Replicas replicas = new Replicas(db);
              routes.attach(
                  new FleetRoutes.Central(new ReplicationFeed(log, replicas), replicas, changes));
              // The doorbell only makes pulls prompt; the head read covers notifications lost while
              // reconnecting.
              long headTimer =
                  vertx.setPeriodic(
                      HEAD_READ_MS, id -> changes.head().onSuccess(h -> notified.advance(h.seq())));
              teardown.addSync("the change-log head timer", () -> vertx.cancelTimer(headTimer));
              long pruneTimer =
                  vertx.setPeriodic(
                      PRUNE_EVERY_MS,
                      id ->
                          changes
                              .prune(config.logRetention())
                              .onSuccess(
                                  mark ->
                                      LOG.info(
                                          "change log pruned: it now starts after seq {}", mark))
                              .onFailure(
                                  e ->
                                      LOG.warn(
                                          "change log pruning failed (retried in an hour): {}",
                                          e.getMessage())));
              teardown.addSync(
                  "the change-log retention timer", () -> vertx.cancelTimer(pruneTimer));
              return GallerySignal.listen(vertx, db.connectOptions(), notified::advance)
                  .onSuccess(signal -> teardown.add("the gallery notifications", signal::close))
                  .mapEmpty();
            });
  }

  /**
   * The writes of this role, once the replica serves a gallery (a central or follower starts
   * following here: at once with a replica on disk, else after loading the first snapshot).
   */
  Future<GalleryWrites> follow(
      Database db,
      PeopleStore store,
      FaceIndex index,
      IdThresholdSource idThresholds,
      String modelId) {
    return switch (config.role()) {
      case STANDALONE -> Future.succeededFuture(new LocalGallery(store, index, idThresholds));
      case CENTRAL ->
          replicate(log, CENTRAL_POLL, db, index, idThresholds, modelId)
              .map(
                  replica -> {
                    CentralWrites writes = new CentralWrites(gallery, replica);
                    routes.attach(writes, modelId, index.dimensions());
                    return writes;
                  });
      case FOLLOWER -> {
        FeedClient feed =
            FeedClient.create(vertx, config.followUrl(), config.followToken(), config.replicaId());
        teardown.add("the feed client", feed::close);
        yield replicate(feed, DOOR_POLL, db, index, idThresholds, modelId)
            .map(
                replica ->
                    GalleryWrites.readOnly(
                        () ->
                            !config.staleNamesNobody()
                                || replica.lagSeconds() <= config.staleAfter().toSeconds()));
      }
    };
  }

  private Future<ReplicaFollower> replicate(
      ChangeSource source,
      Duration wait,
      Database db,
      FaceIndex index,
      IdThresholdSource idThresholds,
      String modelId) {
    ReplicaFollower replica =
        new ReplicaFollower(
                vertx, source, new ReplicaApplier(db), index, idThresholds, modelId, wait)
            .measuredBy(metrics);
    teardown.addSync("the replication loop", replica::stop);
    routes.attach(replica);
    return replica.start().map(replica);
  }
}
