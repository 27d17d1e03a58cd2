package io.facegate.fleet.central;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.ChangeSource;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.store.StoreRevision;
import io.vertx.core.Future;

/**
 * The change log read as a long poll: the changes after a cursor at once, or, when there are none,
 * after the {@link SeqWatch} hears of a newer seq (or the wait ends). A central instance follows
 * its own database through it, and the HTTP feed answers doors with it.
 */
public final class LogSource implements ChangeSource {
  private final ChangeLog log;
  private final SeqWatch watch;

  public LogSource(ChangeLog log, SeqWatch watch) {
    this.log = log;
    this.watch = watch;
  }

  @Override
  public Future<ChangeBatch> changesAfter(StoreRevision cursor, int limit, long waitMs) {
    String lineage = cursor.lineage();
    long after = cursor.seq();
    return log.changesAfter(lineage, after, limit)
        .compose(
            batch ->
                batch.changes().isEmpty() && waitMs > 0
                    ? watch
                        .awaitAbove(after, waitMs)
                        .compose(
                            latest ->
                                latest > after
                                    ? log.changesAfter(lineage, after, limit)
                                    : Future.succeededFuture(batch))
                    : Future.succeededFuture(batch));
  }

  @Override
  public Future<GallerySnapshot> snapshot() {
    return log.snapshot();
  }
}
