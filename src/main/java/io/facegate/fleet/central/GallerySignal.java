package io.facegate.fleet.central;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.function.LongConsumer;

/**
 * The doorbell of the change log: LISTEN on the {@code gallery} channel, where every committed
 * write notifies its last seq. A notification can be missed (while reconnecting), so a follower
 * still pulls by cursor on a timer; this only makes the pull prompt.
 */
public final class GallerySignal {
  public static final String CHANNEL = "gallery";
  private static final long RECONNECT_DELAY_MS = 1_000;

  private final PgSubscriber subscriber;

  private GallerySignal(PgSubscriber subscriber) {
    this.subscriber = subscriber;
  }

  /**
   * Listens until closed, reconnecting after a lost connection; {@code onSeq} gets each notified
   * seq.
   */
  public static Future<GallerySignal> listen(
      Vertx vertx, PgConnectOptions options, LongConsumer onSeq) {
    PgSubscriber subscriber =
        PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
    subscriber.channel(CHANNEL).handler(payload -> onSeq.accept(Long.parseLong(payload)));
    return subscriber
        .connect()
        .map(new GallerySignal(subscriber))
        .recover(
            e ->
                subscriber
                    .close()
                    .transform(
                        ignored -> Future.failedFuture(CentralUnavailableException.classify(e))));
  }

  public Future<Void> close() {
    return subscriber.close();
  }
}
