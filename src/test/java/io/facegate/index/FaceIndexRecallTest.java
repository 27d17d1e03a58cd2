package io.facegate.index;

import io.facegate.testing.SlowTier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HNSW path against an exact brute-force scan on face-like data, with the configured parameters. */
@SlowTier
class FaceIndexRecallTest {
  private static final int IDENTITIES = 1000;
  private static final int PHOTOS_EACH = 4;
  private static final int QUERIES = 1000;

  @Test
  void hnswFindsTheSameBestPersonAsExactSearch() {
    FaceData data = new FaceData(7);
    float[][] identities = new float[IDENTITIES][];
    List<GalleryEntry> gallery = new ArrayList<>();
    for (int i = 0; i < IDENTITIES; i++) {
      identities[i] = data.identity();
      for (int p = 0; p < PHOTOS_EACH; p++) {
        gallery.add(new GalleryEntry(gallery.size() + 1, "person" + i, data.photoOf(identities[i])));
      }
    }
    // graphFrom = 0 forces every search through the graph.
    FaceIndex index = new FaceIndex(FaceData.DIM, Configured.HNSW, 0);
    index.addAll(gallery);
    index.awaitBackgroundWork();
    assertTrue(index.graphInUse());

    int samePerson = 0;
    int sameScore = 0;
    for (int q = 0; q < QUERIES; q++) {
      float[] query = data.photoOf(identities[q % IDENTITIES]);
      GalleryEntry truth = exactNearest(gallery, query);
      Candidate found = index.identify(query, 1).get(0);
      if (found.username().equals(truth.username())) {
        samePerson++;
      }
      // The same score means the graph reached the very nearest embedding, not just the right person.
      if (Math.abs(found.score() - FaceData.dot(truth.vector(), query)) < 1e-5) {
        sameScore++;
      }
    }
    double personRecall = samePerson / (double) QUERIES;
    double embeddingRecall = sameScore / (double) QUERIES;
    assertTrue(personRecall >= 0.99, "recall@1 by person " + personRecall);
    assertTrue(embeddingRecall >= 0.99, "recall@1 by embedding " + embeddingRecall);
  }

  private static GalleryEntry exactNearest(List<GalleryEntry> gallery, float[] query) {
    GalleryEntry best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (GalleryEntry e : gallery) {
      double s = FaceData.dot(e.vector(), query);
      if (s > bestScore) {
        bestScore = s;
        best = e;
      }
    }
    return best;
  }
}
