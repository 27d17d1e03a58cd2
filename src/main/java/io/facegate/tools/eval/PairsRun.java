package io.facegate.tools.eval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The scores of an LFW-format pairs file on the real pipeline: every photo it names embedded once,
 * then each pair's cosine ({@link PhotoEmbeddings#NO_FACE_SCORE} when either photo has no face),
 * with the metrics reported for it.
 */
public record PairsRun(
    PairsFile file, List<Path> photos, double[] scores, boolean[] same, int[] fold) {

  /**
   * Embeds the photos under {@code dir} that the pairs name (refusing when any is missing), then
   * scores the pairs.
   */
  public static PairsRun run(
      PairsFile file,
      Path dir,
      PhotoEmbeddings embeddings,
      int workers,
      PhotoEmbeddings.Progress progress)
      throws Exception {
    List<Path> named = new ArrayList<>();
    for (PairsFile.Pair p : file.pairs()) {
      named.add(p.photo1(dir));
      named.add(p.photo2(dir));
    }
    List<Path> distinct = named.stream().distinct().toList();
    List<Path> missing = distinct.stream().filter(p -> !Files.isRegularFile(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          missing.size()
              + " photos named by the pairs file are missing under "
              + dir
              + ", e.g. "
              + missing.get(0)
              + " (set --images)");
    }
    embeddings.computeAll(distinct, workers, progress);
    int n = file.pairs().size();
    double[] scores = new double[n];
    boolean[] same = new boolean[n];
    int[] fold = new int[n];
    for (int i = 0; i < n; i++) {
      PairsFile.Pair p = file.pairs().get(i);
      scores[i] = embeddings.score(p.photo1(dir), p.photo2(dir));
      same[i] = p.same();
      fold[i] = p.fold();
    }
    return new PairsRun(file, distinct, scores, same, fold);
  }

  public double[] genuine() {
    return select(true);
  }

  public double[] impostor() {
    return select(false);
  }

  private double[] select(boolean sameValue) {
    double[] out = new double[scores.length];
    int k = 0;
    for (int i = 0; i < scores.length; i++) {
      if (same[i] == sameValue) {
        out[k++] = scores[i];
      }
    }
    return Arrays.copyOf(out, k);
  }

  /** Pairs in which either photo has no face. */
  public int pairsWithoutFace() {
    return (int) Arrays.stream(scores).filter(s -> s == PhotoEmbeddings.NO_FACE_SCORE).count();
  }

  /** Accuracy with each fold's threshold chosen on the other folds. */
  public VerificationMetrics.Folds folds() {
    return VerificationMetrics.crossValidated(scores, same, fold, file.folds());
  }

  /** The lowest threshold that accepts at most {@code far} of the impostor pairs. */
  public double thresholdAtFar(double far) {
    return VerificationMetrics.thresholdAtFar(impostor(), far);
  }

  /** Share of genuine pairs accepted at {@link #thresholdAtFar}. */
  public double tarAtFar(double far) {
    return VerificationMetrics.rateAtOrAbove(genuine(), thresholdAtFar(far));
  }
}
