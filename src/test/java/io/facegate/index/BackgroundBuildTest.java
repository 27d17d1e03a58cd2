package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.SlowTier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crossing the threshold starts a build on the index's own thread: the caller returns at once,
 * searches keep answering (exactly) while it runs, enrollments and deletions made meanwhile are in
 * the graph when it goes live, and the swap loses nothing.
 */
@SlowTier
class BackgroundBuildTest {
  private static final HnswParams PARAMS = new HnswParams(16, 100, 100);
  private static final int THRESHOLD = 2000;

  private final SyntheticFaces data = new SyntheticFaces(9);
  private final FaceIndex index = new FaceIndex(SyntheticFaces.DIM, PARAMS, THRESHOLD);
  private final List<float[]> identities = new ArrayList<>();

  @AfterEach
  void close() {
    index.close();
  }

  private List<IndexedEmbedding> people(int from, int count) {
    List<IndexedEmbedding> entries = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      float[] identity = data.identity();
      identities.add(identity);
      entries.add(new IndexedEmbedding(i + 1, "p" + i, data.photoOf(identity)));
    }
    return entries;
  }

  @Test
  void searchesKeepAnsweringWhileTheGraphBuildsAndAfterTheSwap() {
    index.addAll(people(0, THRESHOLD)); // crosses the threshold: returns with the build running
    int searched = 0;
    // However far the build has got, every answer is right: the exact scan until the swap, the
    // graph after.
    while (!index.graphLive().isDone() || searched < 50) {
      int who = searched % THRESHOLD;
      assertEquals(
          "p" + who, index.identify(data.photoOf(identities.get(who)), 1).get(0).username());
      searched++;
    }
    index.awaitBackgroundWork();
    assertTrue(index.graphInUse());
    for (int who = 0; who < THRESHOLD; who += 13) {
      assertEquals(
          "p" + who, index.identify(data.photoOf(identities.get(who)), 1).get(0).username());
    }
  }

  @Test
  void enrollmentsAndDeletionsDuringTheBuildAreInTheSwappedGraph() {
    index.addAll(people(0, THRESHOLD));
    // Straight after the build started (it takes far longer than these changes): enroll 300 more,
    // one
    // by one as requests would, and delete every tenth of the first thousand and some of the new
    // ones.
    Set<String> deleted = new HashSet<>();
    for (IndexedEmbedding e : people(THRESHOLD, 300)) {
      index.add(e.embeddingId(), e.username(), e.vector());
    }
    for (int i = 0; i < 1000; i += 10) {
      assertEquals(1, index.removePerson("p" + i));
      deleted.add("p" + i);
    }
    for (int i = THRESHOLD; i < THRESHOLD + 300; i += 25) {
      assertEquals(1, index.removePerson("p" + i));
      deleted.add("p" + i);
    }
    index.awaitBackgroundWork();
    assertTrue(index.graphInUse());

    int total = THRESHOLD + 300;
    assertEquals(total - deleted.size(), index.size());
    long[] expectedIds = new long[total - deleted.size()];
    int n = 0;
    for (int i = 0; i < total; i++) {
      if (!deleted.contains("p" + i)) {
        expectedIds[n++] = i + 1;
      }
    }
    assertArrayEquals(expectedIds, index.embeddingIds());
    for (int i = 0; i < total; i++) {
      List<Candidate> top = index.identify(data.photoOf(identities.get(i)), 3);
      if (deleted.contains("p" + i)) {
        assertTrue(top.stream().noneMatch(c -> deleted.contains(c.username())), top.toString());
      } else if (i % 7 == 0) {
        assertEquals("p" + i, top.get(0).username());
      }
    }
    // Nobody deleted comes back through any query of anyone.
    for (int i = 0; i < total; i += 3) {
      assertTrue(
          index.identify(data.photoOf(identities.get(i)), 10).stream()
              .noneMatch(c -> deleted.contains(c.username())));
    }
    assertTrue(Arrays.stream(index.embeddingIds()).allMatch(id -> id <= total));
  }
}
