package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.SlowTier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-pass top-k over people equals a brute-force best-per-person ranking, also after removals;
 * the binary-code shortlist does too when it spans every row, and finds the nearest person when it
 * is small.
 */
@SlowTier
class ScanTest {
  private interface Search {
    List<Candidate> top(EmbeddingMatrix matrix, float[] query, int k);
  }

  private static final Search EXACT =
      (matrix, query, k) -> new ExactScan(matrix).topPeople(query, k, true);

  @Test
  void topPeopleIsExactWithSeveralRowsPerPersonAndHoles() {
    assertExact(300, 30, EXACT);
  }

  @Test
  void theParallelScanOfALargeGalleryIsExactToo() {
    assertExact(RowSlices.PARALLEL_FROM * 3 / 2 * 3 / 2, 2000, EXACT);
  }

  @Test
  void aShortlistAsLongAsTheGalleryIsExact() {
    // Codes move with their rows when removals fill holes; a stale code would drop or misplace a
    // row.
    assertExact(
        300, 30, (matrix, query, k) -> new ShortlistScan(matrix, 1000).topPeople(query, k, false));
    assertExact(
        RowSlices.PARALLEL_FROM * 2,
        2000,
        (matrix, query, k) ->
            new ShortlistScan(matrix, RowSlices.PARALLEL_FROM * 4).topPeople(query, k, true));
  }

  @Test
  void aShortShortlistStillFindsTheNearestPerson() {
    SyntheticFaces faces = new SyntheticFaces(9);
    EmbeddingMatrix matrix = new EmbeddingMatrix(SyntheticFaces.DIM, 16);
    List<float[]> identities = new ArrayList<>();
    int people = RowSlices.PARALLEL_FROM * 2;
    for (int p = 0; p < people; p++) {
      identities.add(faces.identity());
      matrix.add(p, "p" + p, faces.photoOf(identities.get(p)));
    }
    for (int p = 0; p < people; p += 2) {
      matrix.remove(p); // odd people only, many of them moved into the holes
    }
    Random random = new Random(4);
    for (int q = 0; q < 50; q++) {
      int p = 1 + 2 * random.nextInt(people / 2);
      float[] probe = faces.photoOf(identities.get(p));
      // 200 of 20,000 rows scored: the probe's person, well above strangers, must be among them.
      assertEquals(
          "p" + p, new ShortlistScan(matrix, 200).topPeople(probe, 1, true).get(0).username());
      assertEquals(
          names(new ExactScan(matrix).topPeople(probe, 1, false)),
          names(new ShortlistScan(matrix, 200).topPeople(probe, 1, false)));
    }
  }

  @Test
  void aBootFilledMatrixCodesItsRowsAsOneByOneAdditionsDo() {
    SyntheticFaces faces = new SyntheticFaces(13);
    List<IndexedEmbedding> entries = new ArrayList<>();
    for (int p = 0; p < 3000; p++) {
      entries.add(new IndexedEmbedding(p, "p" + p, faces.photoOf(faces.identity())));
    }
    EmbeddingMatrix booted = new EmbeddingMatrix(SyntheticFaces.DIM, 16),
        added = new EmbeddingMatrix(SyntheticFaces.DIM, 16);
    booted.addAll(entries.subList(0, 2000));
    booted.addAll(entries.subList(2000, 3000)); // a second batch lands after the first's rows
    entries.forEach(e -> added.add(e.embeddingId(), e.username(), e.vector()));
    for (int q = 0; q < 30; q++) {
      float[] probe = faces.photoOf(entries.get(q * 97).vector());
      assertEquals(
          new ShortlistScan(added, 20).topPeople(probe, 5, false),
          new ShortlistScan(booted, 20).topPeople(probe, 5, false));
    }
  }

  /**
   * {@code rows} rows over {@code persons} people, every third removed (so rows/3 holes are
   * filled).
   */
  private static void assertExact(int rows, int persons, Search search) {
    Random random = new Random(3);
    SyntheticFaces faces = new SyntheticFaces(5);
    EmbeddingMatrix matrix = new EmbeddingMatrix(SyntheticFaces.DIM, 4); // grows several times
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
        assertEquals(
            names(bruteForce(owners, vectors, query, k)), names(search.top(matrix, query, k)));
      }
    }
  }

  private static List<Candidate> bruteForce(
      Map<Long, String> owners, Map<Long, float[]> vectors, float[] query, int k) {
    Map<String, Double> best = new HashMap<>();
    owners.forEach(
        (id, owner) -> best.merge(owner, SyntheticFaces.dot(vectors.get(id), query), Math::max));
    List<Candidate> all = new ArrayList<>();
    best.forEach((owner, score) -> all.add(new Candidate(owner, score)));
    all.sort(Comparator.comparingDouble(Candidate::score).reversed());
    return all.subList(0, Math.min(k, all.size()));
  }

  private static List<String> names(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::username).toList();
  }
}
