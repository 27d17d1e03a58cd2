package io.facegate.service;

import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.facegate.index.IndexedEmbedding;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the identification threshold in step with the gallery (see {@link IdThreshold}). After a
 * change the threshold is re-derived at once for the new gallery size from the last measured
 * sample; a new measurement (a search per sampled person) follows on {@code worker}, which must
 * have a single thread so runs never overlap. A run waits at least {@code minInterval}, and five
 * times the last run's length, after the previous one (a run is a third of a second of one core at
 * 100k people, which a bulk enrollment must not spend after every person), and covers every change
 * made before it starts.
 */
public final class IdThresholdCalibrator implements IdThresholdSource {
  private static final Logger LOG = LoggerFactory.getLogger(IdThresholdCalibrator.class);

  /** People sampled as strangers in a small gallery: enough to resolve 0.15% FPIR. */
  static final int MAX_SAMPLES = 2000;

  /** Never fewer: one exceedance at 1% FPIR. */
  static final int MIN_SAMPLES = 100;

  /**
   * Sample size x gallery size per run: about a third of a second of one core for the exact scan
   * (100 scans of 100k people), so a run never holds a core for long next to the inference workers.
   * Fewer samples in a large gallery weigh less against the cohort prior (see {@link IdThreshold}).
   */
  static final long COMPARISONS_PER_RUN = 10_000_000L;

  /** Between the end of one measurement and the start of the next, in the server, at least. */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

  /**
   * And at least this many times the last run's own length: measuring takes at most a sixth of a
   * core.
   */
  static final int IDLE_PER_BUSY = 5;

  private static final long SEED = 20261123L;

  private final Vertx vertx;
  private final FaceIndex index;
  private final WorkerExecutor worker;
  private final double targetFpir;
  private final ImpostorTail tail;
  private final double floor;
  private final long minIntervalNanos;
  private final AtomicReference<IdThreshold> current = new AtomicReference<>();

  /** Each sampled person's best score against the others, from the last measurement. */
  private volatile double[] lastSample = new double[0];

  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean stopped;
  private volatile Future<IdThreshold> latestRun = Future.succeededFuture();

  /** When the next run may start; boot counts as a run, so the first waits {@code minInterval}. */
  private volatile long nextRunAllowed;

  public IdThresholdCalibrator(
      Vertx vertx,
      FaceIndex index,
      WorkerExecutor worker,
      double targetFpir,
      ImpostorTail tail,
      double floor,
      Duration minInterval) {
    if (!(targetFpir > 0 && targetFpir < 1)) {
      throw new IllegalArgumentException(
          "id_target_fpir must be between 0 and 1, got " + targetFpir);
    }
    this.vertx = vertx;
    this.index = index;
    this.worker = worker;
    this.targetFpir = targetFpir;
    this.tail = tail;
    this.floor = floor;
    this.minIntervalNanos = minInterval.toNanos();
    this.nextRunAllowed = System.nanoTime() + minIntervalNanos;
    current.set(IdThreshold.derive(targetFpir, index.people(), lastSample, tail, floor));
  }

  @Override
  public IdThreshold current() {
    return current.get();
  }

  /** Call after every enrollment or deletion (and once after boot); returns at once. */
  @Override
  public void galleryChanged() {
    current.set(IdThreshold.derive(targetFpir, index.people(), lastSample, tail, floor));
    if (scheduled.compareAndSet(false, true)) {
      Promise<IdThreshold> run = Promise.promise();
      latestRun = run.future();
      long waitMs = (nextRunAllowed - System.nanoTime()) / 1_000_000;
      if (waitMs < 1) {
        measure(run);
      } else {
        vertx.setTimer(waitMs, id -> measure(run));
      }
    }
  }

  /** Completes when the measurement covering every change made so far has ended. */
  public Future<IdThreshold> settled() {
    return latestRun.transform(done -> Future.succeededFuture(current.get()));
  }

  /** No measurement starts after this (the server's stop, before it closes the worker). */
  @Override
  public void stop() {
    stopped = true;
  }

  private void measure(Promise<IdThreshold> run) {
    if (stopped) {
      run.complete(current.get());
      return;
    }
    long[] started = new long[1];
    worker
        .executeBlocking(
            () -> {
              scheduled.set(false); // a change from here on needs another run
              started[0] = System.nanoTime();
              return publish(measureNow());
            },
            false)
        .onComplete(
            done -> {
              long ended = System.nanoTime();
              nextRunAllowed =
                  ended + Math.max(minIntervalNanos, IDLE_PER_BUSY * (ended - started[0]));
              if (done.failed()) {
                LOG.warn(
                    "could not measure the gallery for the identification threshold: {}",
                    done.cause().toString());
              }
              run.handle(done);
            });
  }

  private static int sampleSize(int people) {
    long affordable = COMPARISONS_PER_RUN / Math.max(1, people);
    return (int) Math.max(MIN_SAMPLES, Math.min(MAX_SAMPLES, affordable));
  }

  private IdThreshold publish(IdThreshold measured) {
    IdThreshold before = current.getAndSet(measured);
    if (Math.abs(before.value() - measured.value()) >= 0.005
        || !before.method().equals(measured.method())) {
      LOG.info(
          "identification threshold {} ({}, {} people, target FPIR {})",
          String.format("%.4f", measured.value()),
          measured.method(),
          measured.galleryPeople(),
          targetFpir);
    }
    return measured;
  }

  /** Each sampled person's best score against anyone else, then the threshold from those. */
  private IdThreshold measureNow() {
    int people = index.people();
    List<IndexedEmbedding> sample = index.samplePeople(sampleSize(people), new Random(SEED));
    double[] best = new double[sample.size()];
    for (int i = 0; i < best.length; i++) {
      IndexedEmbedding e = sample.get(i);
      best[i] =
          index.identifyOnThisThread(e.vector(), 2).stream()
              .filter(c -> !c.username().equals(e.username()))
              .mapToDouble(Candidate::score)
              .findFirst()
              .orElse(-1);
    }
    lastSample = best.length >= 2 ? best : new double[0];
    return IdThreshold.derive(targetFpir, people, lastSample, tail, floor);
  }
}
