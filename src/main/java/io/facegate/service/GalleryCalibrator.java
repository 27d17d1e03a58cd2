package io.facegate.service;

import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.facegate.index.GalleryEntry;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the identification threshold in step with the gallery (see {@link IdThreshold}). After a
 * change, the cheap cohort value for the new size applies at once; the gallery's own measurement
 * (a search per sampled person) replaces it when done. It runs on {@code worker}, which must have a
 * single thread: runs never overlap, and changes arriving while one runs fold into one more run, so
 * a bulk enrollment costs a few runs, not one per person.
 */
public final class GalleryCalibrator {
  private static final Logger LOG = LoggerFactory.getLogger(GalleryCalibrator.class);
  /** People sampled as strangers: enough to resolve 0.15% FPIR, a few seconds of searches at 1 M. */
  static final int MAX_SAMPLES = 2000;
  private static final long SEED = 20261123L;

  private final FaceIndex index;
  private final WorkerExecutor worker;
  private final double targetFpir;
  private final ImpostorTail tail;
  private final double floor;
  private final AtomicReference<IdThreshold> current = new AtomicReference<>();
  private final AtomicBoolean pending = new AtomicBoolean();

  public GalleryCalibrator(FaceIndex index, WorkerExecutor worker, double targetFpir, ImpostorTail tail, double floor) {
    if (!(targetFpir > 0 && targetFpir < 1)) {
      throw new IllegalArgumentException("id_target_fpir must be between 0 and 1, got " + targetFpir);
    }
    this.index = index;
    this.worker = worker;
    this.targetFpir = targetFpir;
    this.tail = tail;
    this.floor = floor;
    current.set(IdThreshold.derive(targetFpir, index.people(), new double[0], tail, floor));
  }

  public IdThreshold current() {
    return current.get();
  }

  public double targetFpir() {
    return targetFpir;
  }

  /** Call after every enrollment or deletion (and once after boot); returns at once. */
  public void galleryChanged() {
    int people = index.people();
    if (current.get().galleryPeople() != people && !"gallery".equals(current.get().method())) {
      current.set(IdThreshold.derive(targetFpir, people, new double[0], tail, floor));
    }
    // One queued run covers every change made before it starts.
    if (pending.compareAndSet(false, true)) {
      worker.executeBlocking(() -> {
        pending.set(false);
        return publish(measureNow());
      }, false).onFailure(e -> LOG.warn("could not measure the gallery for the identification threshold: {}",
          e.toString()));
    }
  }

  /** Completes after every run queued so far (the worker runs one task at a time, in order). */
  public Future<IdThreshold> settled() {
    return worker.executeBlocking(current::get, false);
  }

  private IdThreshold publish(IdThreshold measured) {
    IdThreshold before = current.getAndSet(measured);
    if (Math.abs(before.value() - measured.value()) >= 0.005 || !before.method().equals(measured.method())) {
      LOG.info("identification threshold {} ({}, {} people, target FPIR {})", String.format("%.4f", measured.value()),
          measured.method(), measured.galleryPeople(), targetFpir);
    }
    return measured;
  }

  /** Each sampled person's best score against anyone else, then the threshold from those. */
  IdThreshold measureNow() {
    int people = index.people();
    List<GalleryEntry> sample = index.samplePeople(MAX_SAMPLES, new Random(SEED));
    double[] best = new double[sample.size()];
    for (int i = 0; i < best.length; i++) {
      GalleryEntry e = sample.get(i);
      best[i] = index.identify(e.vector(), 2).stream().filter(c -> !c.username().equals(e.username()))
          .mapToDouble(Candidate::score).findFirst().orElse(-1);
    }
    return IdThreshold.derive(targetFpir, people, best, tail, floor);
  }
}
