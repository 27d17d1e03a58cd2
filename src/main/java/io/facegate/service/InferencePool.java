package io.facegate.service;

import io.facegate.vision.WorkDeadline;
import io.facegate.vision.WorkTimedOutException;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.MDC;

/**
 * The worker pool photos are decoded and run through the models on, with a wall-time bound per
 * piece of work counted from when it is handed over (waiting for a worker included). Work past its
 * bound stops at the next stage boundary ({@link WorkDeadline}) and fails with 503 TIMED_OUT; it is
 * answered only then, so whoever holds a slot for it (the inference gate, the decode budget) holds
 * it exactly as long as a worker is busy with it.
 */
public final class InferencePool {
  private final WorkerExecutor workers;
  private final Duration bound;
  private final AtomicLong timedOut = new AtomicLong();

  public InferencePool(WorkerExecutor workers, Duration bound) {
    if (bound.isNegative() || bound.isZero()) {
      throw new IllegalArgumentException("the inference time bound must be positive");
    }
    this.workers = workers;
    this.bound = bound;
  }

  /**
   * {@code work} on a worker, within the bound, with the caller's logging MDC (the request id), so
   * what the work logs, native decoder messages included, names its request.
   */
  <T> Future<T> run(Callable<T> work) {
    long deadline = System.nanoTime() + bound.toNanos();
    Map<String, String> mdc = MDC.getCopyOfContextMap();
    return workers
        .<T>executeBlocking(() -> withMdc(mdc, () -> WorkDeadline.within(deadline, work)), false)
        .recover(e -> Future.failedFuture(e instanceof WorkTimedOutException ? timedOut() : e));
  }

  private static <T> T withMdc(Map<String, String> mdc, Callable<T> work) throws Exception {
    if (mdc == null || mdc.isEmpty()) {
      return work.call();
    }
    MDC.setContextMap(mdc);
    try {
      return work.call();
    } finally {
      MDC.clear(); // a worker thread has no MDC of its own to restore
    }
  }

  /** Pieces of work that went past the bound since start. */
  public long timedOutCount() {
    return timedOut.get();
  }

  private FacegateException timedOut() {
    timedOut.incrementAndGet();
    return new FacegateException(
        ErrorCode.TIMED_OUT,
        "decoding and reading the photo took longer than " + bound.toMillis() + " ms; retry later",
        new JsonObject().put(FacegateException.RETRY_AFTER, 1));
  }
}
