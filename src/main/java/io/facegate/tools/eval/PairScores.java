package io.facegate.tools.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Genuine (same person) and impostor (different people) scores of computed photos, with how many of
 * each involve a photo without a face (those score {@link PhotoEmbeddings#NO_FACE_SCORE}).
 */
public record PairScores(
    double[] genuine, double[] impostor, int genuineWithoutFace, int impostorWithoutFace) {
  /** Every pair of two photos in the folder: same person if they share a sub-folder. */
  public static PairScores allPairs(LabeledFolder folder, PhotoEmbeddings embeddings) {
    List<Path> photos = new ArrayList<>();
    List<Integer> person = new ArrayList<>();
    for (int p = 0; p < folder.people().size(); p++) {
      for (Path photo : folder.people().get(p).photos()) {
        photos.add(photo);
        person.add(p);
      }
    }
    Builder b = new Builder();
    for (int i = 0; i < photos.size(); i++) {
      for (int j = i + 1; j < photos.size(); j++) {
        b.add(embeddings.score(photos.get(i), photos.get(j)), person.get(i).equals(person.get(j)));
      }
    }
    return b.build();
  }

  public static PairScores listed(List<PairsCsv.Pair> pairs, PhotoEmbeddings embeddings) {
    Builder b = new Builder();
    for (PairsCsv.Pair p : pairs) {
      b.add(embeddings.score(p.photo1(), p.photo2()), p.same());
    }
    return b.build();
  }

  /** Growable score lists: all pairs of 2,000 photos are two million doubles, too many to box. */
  private static final class Builder {
    private double[] genuine = new double[1024];
    private double[] impostor = new double[1024];
    private int g;
    private int i;
    private int genuineWithoutFace;
    private int impostorWithoutFace;

    void add(double score, boolean same) {
      boolean noFace = score == PhotoEmbeddings.NO_FACE_SCORE;
      if (same) {
        genuine = room(genuine, g);
        genuine[g++] = score;
        genuineWithoutFace += noFace ? 1 : 0;
      } else {
        impostor = room(impostor, i);
        impostor[i++] = score;
        impostorWithoutFace += noFace ? 1 : 0;
      }
    }

    PairScores build() {
      return new PairScores(
          Arrays.copyOf(genuine, g),
          Arrays.copyOf(impostor, i),
          genuineWithoutFace,
          impostorWithoutFace);
    }

    private static double[] room(double[] a, int used) {
      return used < a.length ? a : Arrays.copyOf(a, a.length * 2);
    }
  }
}
