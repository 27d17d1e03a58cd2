package io.facegate.vision;

import java.util.concurrent.Callable;

/**
 * The wall-time bound of the photo work running on this thread. Neither OpenCV's decode nor an ONNX
 * Runtime run can be interrupted midway, so the pipeline checks the bound between stages (before a
 * decode, before each model run) and gives up there: the work, its worker and its decode memory are
 * free at most one stage after the bound. Threads without a bound (the commands, the tools) never
 * time out.
 */
public final class WorkDeadline {
  private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

  private WorkDeadline() {}

  /**
   * Runs {@code work} on this thread bounded by {@code deadlineNanos} ({@link System#nanoTime}):
   * refused at once if the bound already passed while it waited for a worker, and refused after it
   * ends late, so a late result is never used.
   */
  public static <T> T within(long deadlineNanos, Callable<T> work) throws Exception {
    Long outer = DEADLINE.get();
    DEADLINE.set(deadlineNanos);
    try {
      check();
      T result = work.call();
      check();
      return result;
    } finally {
      if (outer == null) {
        DEADLINE.remove();
      } else {
        DEADLINE.set(outer);
      }
    }
  }

  /** Throws {@link WorkTimedOutException} once this thread's bound has passed. */
  public static void check() {
    if (remainingNanos() <= 0) {
      throw new WorkTimedOutException();
    }
  }

  /** Nanoseconds left before this thread's bound; {@link Long#MAX_VALUE} without one. */
  static long remainingNanos() {
    Long deadline = DEADLINE.get();
    return deadline == null ? Long.MAX_VALUE : deadline - System.nanoTime();
  }
}
