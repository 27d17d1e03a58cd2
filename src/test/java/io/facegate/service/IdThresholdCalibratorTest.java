package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.FaceIndex;
import io.facegate.index.SyntheticFaces;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The identification threshold follows the gallery (synthetic face-like vectors, exact search). */
@ExtendWith(VertxExtension.class)
@FastTier
class IdThresholdCalibratorTest {
  private static final double FPIR = 0.01;
  private final SyntheticFaces data = new SyntheticFaces(5);
  private final FaceIndex index = new FaceIndex(SyntheticFaces.DIM);
  private final ImpostorTail tail = EmbedderCalibration.shipped("mobilefacenet").impostorTail();
  private Vertx vertx;
  private WorkerExecutor worker;
  private long nextId = 1;

  @BeforeEach
  void worker(Vertx vertx) {
    this.vertx = vertx;
    worker = vertx.createSharedWorkerExecutor("calibration-test", 1);
  }

  @AfterEach
  void close(VertxTestContext context) {
    worker.close().onComplete(context.succeedingThenComplete());
  }

  private float[] enroll(String username) {
    float[] identity = data.identity();
    index.add(nextId++, username, data.photoOf(identity));
    return identity;
  }

  @Test
  void measuresTheGalleryOnceItHasPeopleAndSettles(VertxTestContext context) {
    // Random identities score about 0 against each other, far below the 1:1 threshold: no floor
    // here.
    IdThresholdCalibrator calibrator =
        new IdThresholdCalibrator(vertx, index, worker, FPIR, tail, 0.0, Duration.ZERO);
    assertEquals(
        "cohort", calibrator.current().method(), "an empty gallery has nothing to measure");
    for (int i = 0; i < 400; i++) {
      enroll("p" + i);
      calibrator.galleryChanged(); // 400 changes fold into a few runs
    }
    calibrator
        .settled()
        .onComplete(
            context.succeeding(
                t ->
                    context.verify(
                        () -> {
                          assertEquals("gallery", t.method());
                          assertEquals(400, t.galleryPeople());
                          assertTrue(t.value() > 0.1 && t.value() < 0.6, t.toString());
                          // The next change is reflected at once, from the last sample, before any
                          // new measurement.
                          enroll("late");
                          calibrator.galleryChanged();
                          assertEquals(401, calibrator.current().galleryPeople());
                          assertEquals("gallery", calibrator.current().method());
                          calibrator
                              .settled()
                              .onComplete(
                                  context.succeedingThenComplete()); // before the worker closes
                        })));
  }

  /**
   * A look-alike pair makes the gallery riskier for strangers, so the threshold goes up; removing
   * it, down.
   */
  @Test
  void lookAlikesRaiseTheThresholdAndLeavingLowersIt(VertxTestContext context) {
    IdThresholdCalibrator calibrator =
        new IdThresholdCalibrator(vertx, index, worker, FPIR, tail, 0.0, Duration.ZERO);
    for (int i = 0; i < 300; i++) {
      enroll("p" + i);
    }
    calibrator.galleryChanged();
    calibrator
        .settled()
        .compose(
            before -> {
              for (int i = 0;
                  i < 6;
                  i++) { // six pairs of twins: scores near 0.9 between different names
                float[] twin = enroll("twin" + i + "a");
                index.add(nextId++, "twin" + i + "b", data.photoOf(twin));
              }
              calibrator.galleryChanged();
              return calibrator
                  .settled()
                  .map(after -> new double[] {before.value(), after.value()});
            })
        .compose(
            values -> {
              for (int i = 0; i < 6; i++) {
                index.removePerson("twin" + i + "a");
                index.removePerson("twin" + i + "b");
              }
              calibrator.galleryChanged();
              return calibrator
                  .settled()
                  .map(gone -> new double[] {values[0], values[1], gone.value()});
            })
        .onComplete(
            context.succeeding(
                v ->
                    context.verify(
                        () -> {
                          assertTrue(v[1] > v[0] + 0.05, "twins raise it: " + v[0] + " -> " + v[1]);
                          assertEquals(
                              v[0],
                              v[2],
                              1e-9,
                              "back to the same gallery, back to the same threshold");
                          context.completeNow();
                        })));
  }
}
