package io.facegate.fleet;

import io.facegate.fleet.central.CentralGallery;
import io.facegate.fleet.central.ImportResult;
import io.facegate.fleet.central.ImportedPerson;
import io.facegate.fleet.follower.ReplicaFollower;
import io.facegate.service.GalleryWrites;
import io.facegate.store.Enrollment;
import io.facegate.store.Removal;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A central instance's writes: committed to PostgreSQL (the change log in the same transaction),
 * answered once this instance's own replica has applied them, so a read on the same instance right
 * after sees the write. Other instances and doors get it through the log.
 */
public final class CentralWrites implements GalleryWrites {
  private static final Logger LOG = LoggerFactory.getLogger(CentralWrites.class);

  /**
   * The replica normally follows within milliseconds; past this the write is answered anyway (it is
   * committed).
   */
  private static final long REPLICA_WAIT_MS = 10_000;

  private final CentralGallery gallery;
  private final ReplicaFollower replica;

  public CentralWrites(CentralGallery gallery, ReplicaFollower replica) {
    this.gallery = gallery;
    this.replica = replica;
  }

  @Override
  public Future<Enrollment> enroll(
      String username,
      String displayName,
      JsonObject metadata,
      List<float[]> vectors,
      List<byte[]> crops,
      String modelId) {
    return gallery
        .enroll(username, displayName, vectors, modelId)
        .compose(enrollment -> applied(enrollment.seq()).map(enrollment));
  }

  @Override
  public Future<Optional<Removal>> delete(String username) {
    return gallery
        .delete(username)
        .compose(
            removed ->
                removed.isEmpty()
                    ? Future.succeededFuture(removed)
                    : applied(removed.get().seq()).map(removed));
  }

  /**
   * People of a bulk import, committed in one transaction per {@link CentralGallery#IMPORT_BATCH}
   * with their change-log entries; answered at commit, without waiting for this instance's replica
   * (see {@link #applied}).
   */
  public Future<ImportResult> importPeople(List<ImportedPerson> people) {
    return gallery.importPeople(people);
  }

  @Override
  public boolean sharedSeq() {
    return true;
  }

  /**
   * Once this instance's replica holds {@code seq} (or after {@link #REPLICA_WAIT_MS}: the write is
   * committed anyway).
   */
  public Future<Void> applied(long seq) {
    return replica
        .awaitApplied(seq, REPLICA_WAIT_MS)
        .map(
            reached -> {
              if (!reached) {
                LOG.warn(
                    "gallery seq {} is committed but this instance's replica has not applied it within {} ms",
                    seq,
                    REPLICA_WAIT_MS);
              }
              return null;
            });
  }
}
