package io.facegate.index;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one-pass top-k over people equals a brute-force best-per-person ranking, also after removals. */
class GalleryMatrixTest {
  @Test
  void topPeopleIsExactWithSeveralRowsPerPersonAndHoles() {
    assertExact(300, 30);
  }

  @Test
  void theParallelScanOfALargeGalleryIsExactToo() {
    assertExact(GalleryMatrix.PARALLEL_FROM * 3 / 2 * 3 / 2, 2000);
  }

  /** {@code rows} rows over {@code persons} people, every third removed (so rows/3 holes are filled). */
  private static void assertExact(int rows, int persons) {
    Random random = new Random(3);
    FaceData faces = new FaceData(5);
    GalleryMatrix matrix = new GalleryMatrix(FaceData.DIM, 4); // grows several times
    Map<Long, String> owners = new HashMap<>();
    Map<Long, float[]> vectors = new HashMap<>();
    float[][] identities = new float[persons][];
    for (int p = 0; p < identities.length; p++) {
      identities[p] = faces.identity();
    }
    for (long id = 0; id < rows; id++) {
      int p = random.nextInt(identities.length);
      float[] v = faces.photoOf(identities[p]);
      matrix.add(id, "p" + p, v);
      owners.put(id, "p" + p);
      vectors.put(id, v);
    }
    for (long id = 0; id < rows; id += 3) {
      matrix.remove(id);
      owners.remove(id);
      vectors.remove(id);
    }
    assertEquals(rows - (rows + 2) / 3, matrix.rows());
    for (int q = 0; q < 20; q++) {
      float[] query = faces.photoOf(identities[random.nextInt(identities.length)]);
      for (int k : new int[] {1, 2, 5, 40}) {
        assertEquals(names(bruteForce(owners, vectors, query, k)), names(matrix.topPeople(query, k)));
      }
    }
  }

  private static List<Candidate> bruteForce(Map<Long, String> owners, Map<Long, float[]> vectors, float[] query, int k) {
    Map<String, Double> best = new HashMap<>();
    owners.forEach((id, owner) -> best.merge(owner, FaceData.dot(vectors.get(id), query), Math::max));
    List<Candidate> all = new ArrayList<>();
    best.forEach((owner, score) -> all.add(new Candidate(owner, score)));
    all.sort(Comparator.comparingDouble(Candidate::score).reversed());
    return all.subList(0, Math.min(k, all.size()));
  }

  private static List<String> names(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::username).toList();
  }
}
