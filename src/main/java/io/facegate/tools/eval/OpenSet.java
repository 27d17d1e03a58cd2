package io.facegate.tools.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open-set identification run on computed embeddings: enroll one photo per person, search the
 * whole gallery with every other photo of theirs (mated probes) and with strangers (non-mated). A
 * person whose enrollment photo shows no face is not enrolled and their probes are not used; a
 * probe with no face scores {@link PhotoEmbeddings#NO_FACE_SCORE}, a miss and never a false
 * positive.
 */
public record OpenSet(
    int enrolled,
    int notEnrolled,
    double[] matedTop,
    boolean[] matedRight,
    int matedNoFace,
    double[] strangerTop,
    List<String> strangerMatch,
    int strangerNoFace,
    double[] enrolledBestOther) {
  /** Enrolled with {@code enroll}, probed with {@code probes}. */
  public record Entry(String name, Path enroll, List<Path> probes) {}

  public static OpenSet run(List<Entry> gallery, List<Path> strangers, PhotoEmbeddings embeddings) {
    List<float[]> enrolled = new ArrayList<>();
    List<Entry> enrolledEntry = new ArrayList<>();
    for (Entry e : gallery) {
      PhotoEmbeddings.Result r = embeddings.get(e.enroll());
      if (r.hasFace()) {
        enrolled.add(r.embedding());
        enrolledEntry.add(e);
      }
    }
    List<Double> matedTop = new ArrayList<>();
    List<Boolean> matedRight = new ArrayList<>();
    int matedNoFace = 0;
    for (int g = 0; g < enrolled.size(); g++) {
      for (Path probe : enrolledEntry.get(g).probes()) {
        PhotoEmbeddings.Result r = embeddings.get(probe);
        if (!r.hasFace()) {
          matedNoFace++;
          matedTop.add(PhotoEmbeddings.NO_FACE_SCORE);
          matedRight.add(false);
          continue;
        }
        int best = top(enrolled, r.embedding());
        matedTop.add(PhotoEmbeddings.cosine(enrolled.get(best), r.embedding()));
        matedRight.add(best == g);
      }
    }
    List<Double> strangerTop = new ArrayList<>();
    List<String> strangerMatch = new ArrayList<>();
    int strangerNoFace = 0;
    for (Path probe : strangers) {
      PhotoEmbeddings.Result r = embeddings.get(probe);
      if (!r.hasFace()) {
        strangerNoFace++;
      }
      // An empty gallery (every enrollment photo without a face) has nothing a stranger could
      // match.
      if (!r.hasFace() || enrolled.isEmpty()) {
        strangerTop.add(PhotoEmbeddings.NO_FACE_SCORE);
        strangerMatch.add(null);
        continue;
      }
      int best = top(enrolled, r.embedding());
      strangerTop.add(PhotoEmbeddings.cosine(enrolled.get(best), r.embedding()));
      strangerMatch.add(enrolledEntry.get(best).name());
    }
    boolean[] right = new boolean[matedRight.size()];
    for (int i = 0; i < right.length; i++) {
      right[i] = matedRight.get(i);
    }
    return new OpenSet(
        enrolled.size(),
        gallery.size() - enrolled.size(),
        toArray(matedTop),
        right,
        matedNoFace,
        toArray(strangerTop),
        strangerMatch,
        strangerNoFace,
        bestOther(enrolled));
  }

  /** Each enrolled person's best score against everyone else: the server's stand-in strangers. */
  private static double[] bestOther(List<float[]> enrolled) {
    double[] best = new double[enrolled.size()];
    java.util.Arrays.fill(best, PhotoEmbeddings.NO_FACE_SCORE);
    for (int i = 0; i < best.length; i++) {
      for (int j = i + 1; j < best.length; j++) {
        double s = PhotoEmbeddings.cosine(enrolled.get(i), enrolled.get(j));
        best[i] = Math.max(best[i], s);
        best[j] = Math.max(best[j], s);
      }
    }
    return best;
  }

  /** Share of mated probes whose best match is right, at any score. */
  public double rank1() {
    int n = 0;
    for (boolean r : matedRight) {
      n += r ? 1 : 0;
    }
    return (double) n / Math.max(1, matedRight.length);
  }

  public double dir(double threshold) {
    return VerificationMetrics.detectionAndIdentificationRate(matedTop, matedRight, threshold);
  }

  public double fpir(double threshold) {
    return VerificationMetrics.rateAtOrAbove(strangerTop, threshold);
  }

  private static int top(List<float[]> gallery, float[] probe) {
    int best = 0;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < gallery.size(); i++) {
      double s = PhotoEmbeddings.cosine(gallery.get(i), probe);
      if (s > bestScore) {
        bestScore = s;
        best = i;
      }
    }
    return best;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
