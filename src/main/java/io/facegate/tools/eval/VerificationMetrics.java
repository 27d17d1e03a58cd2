package io.facegate.tools.eval;

import io.facegate.service.ScoreCut;
import java.util.Arrays;

/**
 * Pure metrics over similarity scores, with the service's decision rule: a pair is accepted when
 * {@code score >= threshold}. No I/O and no models, so every number here can be unit-tested on
 * hand-made score lists.
 */
public final class VerificationMetrics {
  private VerificationMetrics() {}

  /** A threshold and the accuracy it gives on the scores it was chosen from. */
  public record Best(double threshold, double accuracy) {}

  /**
   * Cross-validated accuracy: per fold, the threshold chosen on the other folds and its accuracy on
   * this one.
   */
  public record Folds(double[] accuracies, double[] thresholds) {
    public double mean() {
      return VerificationMetrics.mean(accuracies);
    }

    /** Population standard deviation (ddof 0), as the usual LFW evaluation scripts report it. */
    public double std() {
      double m = mean();
      double sum = 0;
      for (double a : accuracies) {
        sum += (a - m) * (a - m);
      }
      return Math.sqrt(sum / accuracies.length);
    }
  }

  /** Share of pairs decided correctly: genuine at or above the threshold, impostor below it. */
  public static double accuracy(double[] scores, boolean[] same, double threshold) {
    checkSameLength(scores, same);
    int correct = 0;
    for (int i = 0; i < scores.length; i++) {
      if ((scores[i] >= threshold) == same[i]) {
        correct++;
      }
    }
    return (double) correct / scores.length;
  }

  /**
   * The threshold with the highest accuracy on these pairs. Candidates are the midpoints between
   * consecutive distinct scores plus -inf (accept all) and +inf (reject all); on ties the lowest
   * threshold wins, so the answer is deterministic.
   */
  public static Best bestThreshold(double[] scores, boolean[] same) {
    checkSameLength(scores, same);
    int n = scores.length;
    if (n == 0) {
      throw new IllegalArgumentException("no scores");
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    int genuineTotal = 0;
    for (boolean s : same) {
      if (s) {
        genuineTotal++;
      }
    }
    // Threshold below every score: all accepted, so only the genuine pairs are right.
    int correct = genuineTotal;
    double bestThreshold = Double.NEGATIVE_INFINITY;
    int bestCorrect = correct;
    for (int k = 0; k < n; k++) {
      // Moving the threshold above scores[order[k]] rejects it.
      correct += same[order[k]] ? -1 : 1;
      boolean boundary = k == n - 1 || scores[order[k + 1]] > scores[order[k]];
      if (boundary && correct > bestCorrect) {
        bestCorrect = correct;
        bestThreshold =
            k == n - 1 ? Double.POSITIVE_INFINITY : (scores[order[k]] + scores[order[k + 1]]) / 2;
      }
    }
    return new Best(bestThreshold, (double) bestCorrect / n);
  }

  /**
   * k-fold accuracy: for each fold, the best threshold on the pairs of all other folds, applied to
   * the pairs of this fold. {@code fold[i]} is pair i's fold, 0 to {@code folds - 1}.
   */
  public static Folds crossValidated(double[] scores, boolean[] same, int[] fold, int folds) {
    checkSameLength(scores, same);
    if (fold.length != scores.length) {
      throw new IllegalArgumentException("one fold number per score is needed");
    }
    double[] accuracies = new double[folds];
    double[] thresholds = new double[folds];
    for (int f = 0; f < folds; f++) {
      int test = 0;
      for (int i : fold) {
        if (i == f) {
          test++;
        }
      }
      if (test == 0 || test == scores.length) {
        throw new IllegalArgumentException("fold " + f + " must hold some but not all pairs");
      }
      double[] trainScores = new double[scores.length - test];
      boolean[] trainSame = new boolean[scores.length - test];
      double[] testScores = new double[test];
      boolean[] testSame = new boolean[test];
      int a = 0, b = 0;
      for (int i = 0; i < scores.length; i++) {
        if (fold[i] == f) {
          testScores[b] = scores[i];
          testSame[b++] = same[i];
        } else {
          trainScores[a] = scores[i];
          trainSame[a++] = same[i];
        }
      }
      thresholds[f] = bestThreshold(trainScores, trainSame).threshold();
      accuracies[f] = accuracy(testScores, testSame, thresholds[f]);
    }
    return new Folds(accuracies, thresholds);
  }

  /**
   * The lowest threshold whose false accept rate is at most {@code far}: with the impostor scores
   * sorted high to low, at most floor(far x n) of them may be accepted, so the threshold sits just
   * above the next one. With n impostors a FAR below 1/n means no impostor at all may pass (the
   * threshold is then just above the highest impostor). Applies equally to FPIR over the best
   * scores of non-mated probes.
   */
  public static double thresholdAtFar(double[] impostor, double far) {
    if (impostor.length == 0) {
      throw new IllegalArgumentException("no impostor scores");
    }
    if (far < 0 || far > 1) {
      throw new IllegalArgumentException("FAR must be between 0 and 1");
    }
    return ScoreCut.atRate(impostor, far);
  }

  /**
   * Share of the scores at or above the threshold: TAR on genuine scores, FAR on impostor scores.
   */
  public static double rateAtOrAbove(double[] scores, double threshold) {
    if (scores.length == 0) {
      return Double.NaN;
    }
    int n = 0;
    for (double s : scores) {
      if (s >= threshold) {
        n++;
      }
    }
    return (double) n / scores.length;
  }

  /**
   * Open-set detection and identification rate: the share of mated probes whose best match is their
   * own identity and scores at or above the threshold. {@code topScore[i]} is probe i's best score
   * over the whole gallery, {@code topIsMate[i]} whether that best entry is its own person.
   */
  public static double detectionAndIdentificationRate(
      double[] topScore, boolean[] topIsMate, double threshold) {
    checkSameLength(topScore, topIsMate);
    if (topScore.length == 0) {
      return Double.NaN;
    }
    int n = 0;
    for (int i = 0; i < topScore.length; i++) {
      if (topIsMate[i] && topScore[i] >= threshold) {
        n++;
      }
    }
    return (double) n / topScore.length;
  }

  /**
   * A ROC curve as parallel arrays, one point per distinct score, thresholds from high to low:
   * point i accepts every score at or above {@code thresholds[i]}. The first point is +inf (nothing
   * accepted), the last the lowest score (everything accepted).
   */
  public record Roc(double[] thresholds, double[] far, double[] tar) {
    public int size() {
      return thresholds.length;
    }
  }

  /** The equal error rate and the threshold where it occurs. */
  public record Eer(double rate, double threshold) {}

  /**
   * Every operating point of the decision rule on these scores. Only distinct scores can change a
   * decision, so these points are the whole curve; both lists are swept once after sorting, which
   * keeps all-pairs runs (a million impostor pairs and more) fast.
   */
  public static Roc roc(double[] genuine, double[] impostor) {
    if (genuine.length == 0 || impostor.length == 0) {
      throw new IllegalArgumentException("a ROC needs genuine and impostor scores");
    }
    double[] g = genuine.clone();
    double[] im = impostor.clone();
    double[] all = new double[g.length + im.length];
    System.arraycopy(g, 0, all, 0, g.length);
    System.arraycopy(im, 0, all, g.length, im.length);
    Arrays.sort(g);
    Arrays.sort(im);
    Arrays.sort(all);
    int distinct = 0;
    for (int k = 0; k < all.length; k++) {
      if (k == 0 || all[k] != all[k - 1]) {
        distinct++;
      }
    }
    double[] thresholds = new double[distinct + 1];
    double[] far = new double[distinct + 1];
    double[] tar = new double[distinct + 1];
    thresholds[0] = Double.POSITIVE_INFINITY;
    // gi / ii: index of the lowest genuine / impostor score at or above the current threshold.
    int gi = g.length;
    int ii = im.length;
    int point = 0;
    for (int k = all.length - 1; k >= 0; k--) {
      if (k < all.length - 1 && all[k] == all[k + 1]) {
        continue;
      }
      double t = all[k];
      while (gi > 0 && g[gi - 1] >= t) {
        gi--;
      }
      while (ii > 0 && im[ii - 1] >= t) {
        ii--;
      }
      point++;
      thresholds[point] = t;
      tar[point] = (double) (g.length - gi) / g.length;
      far[point] = (double) (im.length - ii) / im.length;
    }
    return new Roc(thresholds, far, tar);
  }

  /**
   * The ROC point where FAR and FRR (1 - TAR) are closest, reported as their mean; on ties the
   * highest threshold wins. With finite lists the two rates rarely meet exactly, so the mean is the
   * usual estimate.
   */
  public static Eer equalErrorRate(Roc roc) {
    int best = 0;
    double bestGap = Double.POSITIVE_INFINITY;
    for (int i = 0; i < roc.size(); i++) {
      double gap = Math.abs(roc.far()[i] - (1 - roc.tar()[i]));
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    return new Eer((roc.far()[best] + 1 - roc.tar()[best]) / 2, roc.thresholds()[best]);
  }

  public static double mean(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  public static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  public static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static void checkSameLength(double[] scores, boolean[] same) {
    if (scores.length != same.length) {
      throw new IllegalArgumentException("one label per score is needed");
    }
  }
}
