package io.facegate.index;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which gallery change sequence (store.StoreRevision) the index reflects. Each change applied
 * carries the sequence its transaction committed and how many embedding rows it changed, so it
 * covers (seq - rows, seq]. Transactions commit in order but their results may reach the index out
 * of order; the watermark only advances over a gap-free run, and the index equals SQLite at the
 * watermark only while nothing beyond it is applied ({@link #settled()}). Changes of unknown
 * sequence (tests, benchmarks) turn tracking off: such an index never writes a snapshot. Not
 * thread-safe: {@link FaceIndex} guards it with its lock.
 */
final class ChangeSequence {
  private boolean tracked;
  private long watermark;

  /** Applied changes beyond a gap: from (exclusive) to (inclusive). */
  private final TreeMap<Long, Long> ahead = new TreeMap<>();

  void start(long seq) {
    tracked = true;
    watermark = seq;
    ahead.clear();
  }

  void untracked() {
    tracked = false;
  }

  void applied(long seq, int rows) {
    if (!tracked || rows <= 0) {
      return;
    }
    long from = seq - rows;
    if (from < watermark || ahead.containsKey(from)) {
      tracked = false; // applied twice or overlapping: no longer sure what the index reflects
    } else if (from == watermark) {
      watermark = seq;
      for (Map.Entry<Long, Long> next = ahead.firstEntry();
          next != null && next.getKey() == watermark;
          next = ahead.firstEntry()) {
        watermark = ahead.pollFirstEntry().getValue();
      }
    } else {
      ahead.put(from, seq);
    }
  }

  /** True when the index holds exactly the changes up to {@link #watermark()}. */
  boolean settled() {
    return tracked && ahead.isEmpty();
  }

  long watermark() {
    return watermark;
  }
}
