package io.facegate.tools.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.FastTier;
import org.junit.jupiter.api.Test;

@FastTier
class VerificationMetricsTest {
  private static final double EPS = 1e-12;

  @Test
  void accuracyCountsGenuineAtOrAboveAndImpostorBelow() {
    double[] scores = {0.9, 0.5, 0.4, 0.1};
    boolean[] same = {true, true, false, false};
    assertEquals(1.0, VerificationMetrics.accuracy(scores, same, 0.45), EPS);
    // The service accepts score >= threshold, so a genuine score equal to the threshold is right.
    assertEquals(1.0, VerificationMetrics.accuracy(scores, same, 0.5), EPS);
    assertEquals(0.75, VerificationMetrics.accuracy(scores, same, 0.4), EPS);
    assertEquals(0.5, VerificationMetrics.accuracy(scores, same, 0.95), EPS);
  }

  @Test
  void bestThresholdIsTheMidpointOfTheCleanGap() {
    double[] scores = {0.9, 0.8, 0.7, 0.3, 0.2, 0.1};
    boolean[] same = {true, true, true, false, false, false};
    VerificationMetrics.Best best = VerificationMetrics.bestThreshold(scores, same);
    assertEquals(1.0, best.accuracy(), EPS);
    assertEquals(0.5, best.threshold(), EPS);
  }

  @Test
  void bestThresholdTakesTheLowestOnTiesAndHandlesOverlap() {
    // 0.75 is an impostor above the genuine 0.7: 5/6 either between 0.2 and 0.7 or between 0.75 and
    // 0.8.
    double[] scores = {0.9, 0.8, 0.7, 0.75, 0.2, 0.1};
    boolean[] same = {true, true, true, false, false, false};
    VerificationMetrics.Best best = VerificationMetrics.bestThreshold(scores, same);
    assertEquals(5.0 / 6, best.accuracy(), EPS);
    assertEquals(0.45, best.threshold(), EPS);
  }

  @Test
  void bestThresholdNeverSplitsEqualScores() {
    double[] scores = {0.5, 0.5, 0.2};
    boolean[] same = {true, false, false};
    VerificationMetrics.Best best = VerificationMetrics.bestThreshold(scores, same);
    // Either both 0.5 pass (2/3) or neither (2/3); never 3/3.
    assertEquals(2.0 / 3, best.accuracy(), EPS);
    assertEquals(0.35, best.threshold(), EPS);
  }

  @Test
  void bestThresholdCanRejectOrAcceptEverything() {
    assertEquals(
        Double.POSITIVE_INFINITY,
        VerificationMetrics.bestThreshold(new double[] {0.9, 0.8}, new boolean[] {false, false})
            .threshold());
    assertEquals(
        Double.NEGATIVE_INFINITY,
        VerificationMetrics.bestThreshold(new double[] {0.9, 0.1}, new boolean[] {true, true})
            .threshold());
  }

  @Test
  void crossValidationChoosesEachThresholdOnTheOtherFolds() {
    // Folds 0 and 1 separate cleanly at 0.5; fold 2 has its genuine pair at 0.45, below that.
    double[] scores = {0.9, 0.1, 0.8, 0.2, 0.45, 0.3};
    boolean[] same = {true, false, true, false, true, false};
    int[] fold = {0, 0, 1, 1, 2, 2};
    VerificationMetrics.Folds folds = VerificationMetrics.crossValidated(scores, same, fold, 3);
    // Fold 0 trains on {0.8,0.2,0.45,0.3}: best gap 0.3..0.45, midpoint 0.375; fold 1 likewise.
    // Fold 2 trains on {0.9,0.1,0.8,0.2}: midpoint 0.5, which rejects the genuine 0.45.
    assertArrayEquals(new double[] {0.375, 0.375, 0.5}, folds.thresholds(), EPS);
    assertArrayEquals(new double[] {1.0, 1.0, 0.5}, folds.accuracies(), EPS);
    assertEquals(2.5 / 3, folds.mean(), EPS);
    double m = 2.5 / 3;
    double std = Math.sqrt((2 * (1 - m) * (1 - m) + (0.5 - m) * (0.5 - m)) / 3);
    assertEquals(std, folds.std(), EPS);
  }

  @Test
  void thresholdAtFarSitsJustAboveTheLastImpostorThatMayNotPass() {
    double[] impostor = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95};
    // FAR 0.1 of 10: one impostor (0.95) may pass, so the threshold is just above 0.9.
    double t = VerificationMetrics.thresholdAtFar(impostor, 0.1);
    assertEquals(Math.nextUp(0.9), t);
    assertEquals(0.1, VerificationMetrics.rateAtOrAbove(impostor, t), EPS);
    // FAR 1e-3 of 10 impostors cannot be resolved: none may pass.
    assertEquals(Math.nextUp(0.95), VerificationMetrics.thresholdAtFar(impostor, 1e-3));
    assertEquals(
        0.0,
        VerificationMetrics.rateAtOrAbove(
            impostor, VerificationMetrics.thresholdAtFar(impostor, 1e-3)));
    assertEquals(Double.NEGATIVE_INFINITY, VerificationMetrics.thresholdAtFar(impostor, 1.0));
    assertEquals(Math.nextUp(0.5), VerificationMetrics.thresholdAtFar(impostor, 0.5));
  }

  @Test
  void thresholdAtFarRejectsTiesTogether() {
    double[] impostor = {0.2, 0.8, 0.8, 0.8};
    // 25% allows one impostor, but the three 0.8 scores are inseparable: none of them passes.
    double t = VerificationMetrics.thresholdAtFar(impostor, 0.25);
    assertEquals(Math.nextUp(0.8), t);
    assertEquals(0.0, VerificationMetrics.rateAtOrAbove(impostor, t), EPS);
  }

  @Test
  void tarAtThreshold() {
    double[] genuine = {0.3, 0.6, 0.7, 0.9};
    assertEquals(0.75, VerificationMetrics.rateAtOrAbove(genuine, 0.6), EPS);
    assertEquals(0.5, VerificationMetrics.rateAtOrAbove(genuine, Math.nextUp(0.6)), EPS);
  }

  @Test
  void detectionAndIdentificationNeedsTheRightPersonAboveThreshold() {
    double[] top = {0.8, 0.8, 0.4, 0.6};
    boolean[] mate = {true, false, true, true};
    assertEquals(0.5, VerificationMetrics.detectionAndIdentificationRate(top, mate, 0.5), EPS);
    assertEquals(0.75, VerificationMetrics.detectionAndIdentificationRate(top, mate, 0.3), EPS);
  }

  @Test
  void rocHasOnePointPerDistinctScoreFromRejectAllToAcceptAll() {
    double[] genuine = {0.9, 0.7, 0.5};
    double[] impostor = {0.6, 0.5, 0.2, 0.1};
    VerificationMetrics.Roc roc = VerificationMetrics.roc(genuine, impostor);
    // The 0.5 shared by a genuine and an impostor pair is one point: both pass together.
    assertArrayEquals(
        new double[] {Double.POSITIVE_INFINITY, 0.9, 0.7, 0.6, 0.5, 0.2, 0.1},
        roc.thresholds(),
        EPS);
    assertArrayEquals(new double[] {0, 1 / 3.0, 2 / 3.0, 2 / 3.0, 1, 1, 1}, roc.tar(), EPS);
    assertArrayEquals(new double[] {0, 0, 0, 0.25, 0.5, 0.75, 1}, roc.far(), EPS);
    // Each point agrees with the decision rule applied directly.
    for (int i = 1; i < roc.size(); i++) {
      assertEquals(
          VerificationMetrics.rateAtOrAbove(genuine, roc.thresholds()[i]), roc.tar()[i], EPS);
      assertEquals(
          VerificationMetrics.rateAtOrAbove(impostor, roc.thresholds()[i]), roc.far()[i], EPS);
    }
  }

  @Test
  void equalErrorRateIsZeroWhenTheScoresSeparate() {
    VerificationMetrics.Eer eer =
        VerificationMetrics.equalErrorRate(
            VerificationMetrics.roc(new double[] {0.9, 0.8}, new double[] {0.3, 0.2}));
    assertEquals(0.0, eer.rate(), EPS);
    // The highest threshold with FAR = FRR = 0: the lowest genuine score.
    assertEquals(0.8, eer.threshold(), EPS);
  }

  @Test
  void equalErrorRateWhereFarMeetsFrr() {
    // At 0.6: genuine 0.5 and 0.4 rejected (FRR 2/4), impostors 0.7 and 0.6 accepted (FAR 2/4).
    double[] genuine = {0.9, 0.8, 0.5, 0.4};
    double[] impostor = {0.7, 0.6, 0.3, 0.2};
    VerificationMetrics.Eer eer =
        VerificationMetrics.equalErrorRate(VerificationMetrics.roc(genuine, impostor));
    assertEquals(0.5, eer.rate(), EPS);
    assertEquals(0.6, eer.threshold(), EPS);
    // Never equal: at 0.6 FAR 1/2, FRR 1/3 (gap 1/6); at 0.7 FAR 0, FRR 1/3 (gap 1/3): the closest,
    // averaged.
    eer =
        VerificationMetrics.equalErrorRate(
            VerificationMetrics.roc(new double[] {0.9, 0.7, 0.5}, new double[] {0.6, 0.1}));
    assertEquals((0.5 + 1 / 3.0) / 2, eer.rate(), EPS);
    assertEquals(0.6, eer.threshold(), EPS);
  }

  @Test
  void mismatchedInputsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> VerificationMetrics.accuracy(new double[] {0.1}, new boolean[] {true, false}, 0.5));
    assertThrows(
        IllegalArgumentException.class,
        () -> VerificationMetrics.thresholdAtFar(new double[0], 0.1));
  }
}
