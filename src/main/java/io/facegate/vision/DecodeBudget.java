package io.facegate.vision;

import io.facegate.vision.ImageRejectedException.Reason;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Native memory for decoded photos, shared by every request: a decode reserves what it will hold
 * before OpenCV allocates it, and gives it back when its image is closed. A decode that does not
 * fit waits a bounded time for others to finish, then is refused as busy (503), so a burst of large
 * photos queues or is turned away instead of exhausting a small board's memory.
 */
final class DecodeBudget {
  /**
   * A released lease this large hands the allocator's free memory back to the OS ({@link
   * NativeHeap}): photos above about 1.4 megapixels, whose decode takes far longer than the trim;
   * the small frames of door cameras (720p and less) never pay for it.
   */
  private static final long TRIM_FROM = 4L << 20;

  private final long capacity;
  private final Duration wait;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private long reserved;

  DecodeBudget(long capacity, Duration wait) {
    this.capacity = capacity;
    this.wait = wait;
  }

  /** Held bytes, returned by {@link Lease#close} exactly once however often it is called. */
  final class Lease implements AutoCloseable {
    private long bytes;

    private Lease(long bytes) {
      this.bytes = bytes;
    }

    @Override
    public void close() {
      long freed;
      lock.lock();
      try {
        freed = bytes;
        reserved -= bytes;
        bytes = 0;
        released.signalAll();
      } finally {
        lock.unlock();
      }
      if (freed >= TRIM_FROM) {
        NativeHeap.trim();
      }
    }
  }

  Lease reserve(long bytes) {
    if (bytes > capacity) {
      throw new ImageRejectedException(
          Reason.TOO_LARGE,
          "decoding this image needs "
              + bytes
              + " bytes, more than the whole decode budget of "
              + capacity);
    }
    // Waiting past the work's own bound would only delay its TIMED_OUT answer.
    long deadline = System.nanoTime() + Math.min(wait.toNanos(), WorkDeadline.remainingNanos());
    lock.lock();
    try {
      while (reserved + bytes > capacity) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          WorkDeadline.check();
          throw new ImageRejectedException(
              Reason.BUSY, "the server is decoding too many large images; retry shortly");
        }
        released.awaitNanos(left);
      }
      reserved += bytes;
      return new Lease(bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageRejectedException(
          Reason.BUSY, "the decode was interrupted while waiting for memory");
    } finally {
      lock.unlock();
    }
  }

  /** Bytes reserved now (exported as a gauge). */
  long reserved() {
    lock.lock();
    try {
      return reserved;
    } finally {
      lock.unlock();
    }
  }
}
