package io.facegate.tools.eval;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceReader;
import io.facegate.service.FacegateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedding per photo under the service's probe rule (the largest detected face), computed once
 * per file and cached, since the pairs and the open-set gallery share photos.
 */
public final class PhotoEmbeddings {
  /**
   * Below every cosine, so a comparison with a photo that has no face never passes any threshold.
   */
  public static final double NO_FACE_SCORE = -1;

  /** What a photo yielded: an embedding, or why there is none. */
  public record Result(float[] embedding, String failure) {
    public boolean hasFace() {
      return embedding != null;
    }
  }

  private final FaceReader reader;
  private final Map<Path, Result> cache = new ConcurrentHashMap<>();

  public PhotoEmbeddings(FaceReader reader) {
    this.reader = reader;
  }

  /** Told after each photo is done; called from the worker threads. */
  @FunctionalInterface
  public interface Progress {
    void done(int done, int total);
  }

  /**
   * Computes every photo not yet cached, on {@code workers} threads, telling {@code progress} as
   * each ends.
   */
  public void computeAll(Collection<Path> photos, int workers, Progress progress) throws Exception {
    List<Path> todo = new ArrayList<>();
    for (Path p : new LinkedHashSet<>(photos)) {
      if (!cache.containsKey(key(p))) {
        todo.add(p);
      }
    }
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path p : todo) {
        futures.add(
            pool.submit(
                () -> {
                  cache.put(key(p), compute(p));
                  progress.done(done.incrementAndGet(), todo.size());
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  public Result get(Path photo) {
    Result r = cache.get(key(photo));
    if (r == null) {
      throw new IllegalStateException("not computed: " + photo);
    }
    return r;
  }

  /** Every cached photo without an embedding, with the reason, sorted by path. */
  public Map<Path, String> failures() {
    Map<Path, String> out = new TreeMap<>();
    cache.forEach(
        (p, r) -> {
          if (!r.hasFace()) {
            out.put(p, r.failure());
          }
        });
    return out;
  }

  private Result compute(Path photo) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(photo);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + photo, e);
    }
    try {
      return new Result(reader.forProbe(bytes).embedding(), null);
    } catch (FacegateException e) {
      return new Result(
          null,
          e.code() == ErrorCode.NO_FACE
              ? "no face"
              : e.code().name().toLowerCase() + ": " + e.getMessage());
    }
  }

  /**
   * The score of a pair of photos, both computed: their cosine, or {@link #NO_FACE_SCORE} when
   * either has no face, which fails a genuine pair and never passes an impostor pair.
   */
  public double score(Path a, Path b) {
    Result ra = get(a);
    Result rb = get(b);
    return ra.hasFace() && rb.hasFace() ? cosine(ra.embedding(), rb.embedding()) : NO_FACE_SCORE;
  }

  /** Cosine similarity of two L2-normalized embeddings. */
  public static double cosine(float[] a, float[] b) {
    double dot = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot;
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }
}
