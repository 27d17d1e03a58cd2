package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.SlowTier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The HNSW path against an exact brute-force scan on face-like data, with the configured
 * parameters.
 */
@SlowTier
class FaceIndexRecallTest {
  private static final int IDENTITIES = 1000;
  private static final int PHOTOS_EACH = 4;
  private static final int QUERIES = 1000;

  @Test
  void hnswFindsTheSameBestPersonAsExactSearch() {
    SyntheticFaces data = new SyntheticFaces(7);
    float[][] identities = new float[IDENTITIES][];
    List<IndexedEmbedding> gallery = new ArrayList<>();
    for (int i = 0; i < IDENTITIES; i++) {
      identities[i] = data.identity();
      for (int p = 0; p < PHOTOS_EACH; p++) {
        gallery.add(
            new IndexedEmbedding(gallery.size() + 1, "person" + i, data.photoOf(identities[i])));
      }
    }
    // graphFrom = 0 forces every search through the graph.
    FaceIndex index = new FaceIndex(SyntheticFaces.DIM, Configured.HNSW, 0);
    index.addAll(gallery);
    index.awaitBackgroundWork();
    assertTrue(index.graphInUse());

    int samePerson = 0;
    int sameScore = 0;
    for (int q = 0; q < QUERIES; q++) {
      float[] query = data.photoOf(identities[q % IDENTITIES]);
      IndexedEmbedding truth = exactNearest(gallery, query);
      Candidate found = index.identify(query, 1).get(0);
      if (found.username().equals(truth.username())) {
        samePerson++;
      }
      // The same score means the graph reached the very nearest embedding, not just the right
      // person.
      if (Math.abs(found.score() - SyntheticFaces.dot(truth.vector(), query)) < 1e-5) {
        sameScore++;
      }
    }
    double personRecall = samePerson / (double) QUERIES;
    double embeddingRecall = sameScore / (double) QUERIES;
    assertTrue(personRecall >= 0.99, "recall@1 by person " + personRecall);
    assertTrue(embeddingRecall >= 0.99, "recall@1 by embedding " + embeddingRecall);
  }

  private static IndexedEmbedding exactNearest(List<IndexedEmbedding> gallery, float[] query) {
    IndexedEmbedding best = null;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (IndexedEmbedding e : gallery) {
      double s = SyntheticFaces.dot(e.vector(), query);
      if (s > bestScore) {
        bestScore = s;
        best = e;
      }
    }
    return best;
  }
}
