package io.facegate.fleet.central;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The newest gallery seq this instance has heard of, and the long polls waiting for it to pass
 * their cursor. Fed by the {@link GallerySignal} doorbell (and by a periodic head read, since a
 * notification can be missed); a wait ends at the first seq above its cursor or at its timeout,
 * whichever comes first.
 */
public final class SeqWatch {
  private final Vertx vertx;
  private final List<Waiter> waiters = new ArrayList<>();
  private long latest;

  private record Waiter(long after, Promise<Long> promise, long timer) {}

  public SeqWatch(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Records that the log reached {@code seq}; wakes every wait whose cursor is below it. Older news
   * is ignored.
   */
  public void advance(long seq) {
    List<Waiter> woken = new ArrayList<>();
    synchronized (this) {
      if (seq <= latest) {
        return;
      }
      latest = seq;
      for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
        Waiter w = it.next();
        if (w.after < seq) {
          it.remove();
          woken.add(w);
        }
      }
    }
    woken.forEach(
        w -> {
          vertx.cancelTimer(w.timer);
          w.promise.tryComplete(seq);
        });
  }

  public synchronized long latest() {
    return latest;
  }

  /**
   * The newest seq once it is above {@code after}, or at the latest after {@code waitMs}: the
   * newest then, maybe still not above.
   */
  public Future<Long> awaitAbove(long after, long waitMs) {
    Promise<Long> promise = Promise.promise();
    synchronized (this) {
      if (latest > after || waitMs <= 0) {
        return Future.succeededFuture(latest);
      }
      long[] timer = new long[1];
      timer[0] =
          vertx.setTimer(
              waitMs,
              id -> {
                synchronized (this) {
                  waiters.removeIf(w -> w.timer == timer[0]);
                }
                promise.tryComplete(latest());
              });
      waiters.add(new Waiter(after, promise, timer[0]));
    }
    return promise.future();
  }
}
