package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.SlowTier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The three searches on the same gallery against the exact scan: the shortlist as long as the
 * gallery is the exact scan; a short shortlist and the graph are approximate and must agree on the
 * best person.
 */
@SlowTier
class StrategiesAgreeTest {
  private static final int PEOPLE = 3000;
  private static final SyntheticFaces FACES = new SyntheticFaces(17);
  private static final List<IndexedEmbedding> GALLERY = new ArrayList<>();
  private static final List<float[]> PROBES = new ArrayList<>();
  private static final FaceIndex EXACT = index(Integer.MAX_VALUE, Shortlist.OFF);

  static {
    for (int p = 0; p < PEOPLE; p++) {
      float[] identity = FACES.identity();
      GALLERY.add(new IndexedEmbedding(2L * p, "p" + p, FACES.photoOf(identity)));
      GALLERY.add(new IndexedEmbedding(2L * p + 1, "p" + p, FACES.photoOf(identity)));
      if (p % 15 == 0) {
        PROBES.add(FACES.photoOf(identity));
      }
    }
    EXACT.addAll(GALLERY);
  }

  private static FaceIndex index(int graphFrom, Shortlist shortlist) {
    return new FaceIndex(SyntheticFaces.DIM, Configured.HNSW, graphFrom, shortlist);
  }

  @AfterAll
  static void close() {
    EXACT.close();
  }

  @Test
  void aShortlistSpanningTheGalleryRanksAsTheExactScan() {
    try (FaceIndex listed = index(Integer.MAX_VALUE, new Shortlist(0, GALLERY.size()))) {
      listed.addAll(GALLERY);
      assertTrue(listed.shortlisted());
      for (float[] probe : PROBES) {
        assertEquals(EXACT.identify(probe, 5), listed.identify(probe, 5));
      }
    }
  }

  @Test
  void aShortShortlistFindsTheExactBestPerson() {
    try (FaceIndex listed = index(Integer.MAX_VALUE, new Shortlist(0, 60))) {
      listed.addAll(GALLERY);
      assertTrue(agreement(listed) >= 0.98, "recall@1 " + agreement(listed));
    }
  }

  @Test
  void theGraphFindsTheExactBestPerson() {
    try (FaceIndex graph = index(0, Shortlist.OFF)) {
      graph.addAll(GALLERY);
      graph.awaitBackgroundWork();
      assertTrue(graph.graphInUse());
      assertTrue(agreement(graph) >= 0.98, "recall@1 " + agreement(graph));
    }
  }

  /** The share of probes whose best person is the exact scan's. */
  private static double agreement(FaceIndex approximate) {
    int same = 0;
    for (float[] probe : PROBES) {
      same +=
          EXACT
                  .identify(probe, 1)
                  .get(0)
                  .username()
                  .equals(approximate.identify(probe, 1).get(0).username())
              ? 1
              : 0;
    }
    return same / (double) PROBES.size();
  }
}
