package io.facegate.eval;

import io.facegate.service.ErrorCode;
import io.facegate.service.FaceReader;
import io.facegate.service.FacegateException;

import java.io.IOException;
import java.io.PrintStream;
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
 * One embedding per photo under the service's probe rule (the largest detected face), computed
 * once per file and cached, since the pairs and the open-set gallery share photos.
 */
public final class PhotoEmbeddings {
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

  /** Computes every photo not yet cached, on {@code workers} threads, reporting progress to {@code log}. */
  public void computeAll(Collection<Path> photos, int workers, PrintStream log) throws Exception {
    List<Path> todo = new ArrayList<>();
    for (Path p : new LinkedHashSet<>(photos)) {
      if (!cache.containsKey(key(p))) {
        todo.add(p);
      }
    }
    AtomicInteger done = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Path p : todo) {
        futures.add(pool.submit(() -> {
          cache.put(key(p), compute(p));
          int n = done.incrementAndGet();
          if (n % 250 == 0 || n == todo.size()) {
            log.printf("  %d/%d photos (%.0f s)%n", n, todo.size(), (System.nanoTime() - start) / 1e9);
          }
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
    cache.forEach((p, r) -> {
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
      return new Result(null, e.code() == ErrorCode.NO_FACE ? "no face" : e.code().name().toLowerCase() + ": " + e.getMessage());
    }
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
