package io.facegate.index;

import com.github.jelmerk.knn.hnsw.HnswIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the graph is saved to and loaded from an {@link IndexSnapshot}: a boot loads one instead of
 * building the graph, and one is written only when the index knows it equals SQLite at a change
 * sequence ({@link ChangeSequence}) not already written. Guarded by the {@link FaceIndex}'s lock.
 */
final class GraphSnapshots {
  private static final Logger LOG = LoggerFactory.getLogger(GraphSnapshots.class);

  private final int dimensions;
  private final GraphKeeper graph;
  private final ReadWriteLock lock;
  private final Executor background;

  /** Which gallery change sequence the index reflects; the front reports every change to it. */
  final ChangeSequence changes = new ChangeSequence();

  /** The sequence of the last snapshot written or loaded, -1 if none. */
  private long written = -1;

  GraphSnapshots(int dimensions, GraphKeeper graph, ReadWriteLock lock, Executor background) {
    this.dimensions = dimensions;
    this.graph = graph;
    this.lock = lock;
    this.background = background;
  }

  /** Which header a snapshot written now would carry, with the given embedder and lineage. */
  IndexSnapshot.Header header(String embedderId, String lineage, long seq) {
    HnswParams params = graph.params();
    return new IndexSnapshot.Header(
        embedderId, lineage, seq, dimensions, params.m(), params.efConstruction());
  }

  /**
   * Loads the snapshot at {@code file} when its header equals {@code expected} and it is intact,
   * and adopts it; otherwise starts a background build of the gallery of {@code size} embeddings.
   * Returns why the snapshot was not used, or empty when it was. Blocks.
   */
  Optional<String> loadOrBuild(Path file, IndexSnapshot.Header expected, int size) {
    if (!graph.wanted(size)) {
      return Optional.of("gallery below index_graph_from: no graph needed");
    }
    String reason;
    try {
      long started = System.nanoTime();
      if (graph.adopt(IndexSnapshot.read(file, expected))) {
        lock.writeLock().lock();
        try {
          written = expected.seq();
        } finally {
          lock.writeLock().unlock();
        }
        LOG.info(
            "index snapshot {} loaded in {} ms (seq {})",
            file,
            (System.nanoTime() - started) / 1_000_000,
            expected.seq());
        return Optional.empty();
      }
      reason = "snapshot does not hold the stored vectors";
    } catch (IndexSnapshot.Stale e) {
      reason = e.getMessage();
    } catch (IOException | RuntimeException e) {
      reason = "snapshot unreadable: " + e;
    }
    LOG.info("index snapshot not used ({}); building the graph in the background", reason);
    lock.writeLock().lock();
    try {
      graph.buildIfLarge(size);
    } finally {
      lock.writeLock().unlock();
    }
    return Optional.of(reason);
  }

  /**
   * Writes the live graph to {@code file}, on the background thread, if it reflects a known gallery
   * state not already written; completes with the sequence written. Searches and changes go on
   * meanwhile: the graph is frozen and the additions made during the write are replayed after it.
   */
  CompletableFuture<Optional<Long>> write(Path file, String embedderId, String lineage) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return writeNow(file, embedderId, lineage);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        background);
  }

  private Optional<Long> writeNow(Path file, String embedderId, String lineage) throws IOException {
    HnswIndex<Long, float[], Embedding, Float> frozen;
    long seq;
    lock.writeLock().lock();
    try {
      if (!changes.settled() || changes.watermark() == written) {
        return Optional.empty();
      }
      Optional<HnswIndex<Long, float[], Embedding, Float>> live = graph.freeze();
      if (live.isEmpty()) {
        return Optional.empty();
      }
      frozen = live.get();
      seq = changes.watermark();
    } finally {
      lock.writeLock().unlock();
    }
    long started = System.nanoTime();
    try {
      IndexSnapshot.write(file, header(embedderId, lineage, seq), frozen);
    } finally {
      graph.thaw(frozen);
    }
    lock.writeLock().lock();
    try {
      written = seq;
    } finally {
      lock.writeLock().unlock();
    }
    LOG.info(
        "index snapshot written to {} in {} ms (seq {}, {} embeddings)",
        file,
        (System.nanoTime() - started) / 1_000_000,
        seq,
        frozen.size());
    return Optional.of(seq);
  }

  /**
   * Changes applied since the last snapshot (by sequence); 0 when none or not tracked. Under the
   * lock.
   */
  long changesSinceWritten() {
    return written < 0 ? changes.watermark() : changes.watermark() - written;
  }
}
