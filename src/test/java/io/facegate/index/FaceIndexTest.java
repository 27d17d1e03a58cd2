package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour shared by both search strategies: each test runs with the exact scan and with the
 * graph.
 */
@FastTier
class FaceIndexTest {
  private static final int EXACT = Integer.MAX_VALUE;
  private static final int GRAPH = 0;

  private final SyntheticFaces data = new SyntheticFaces(11);

  private static FaceIndex index(int graphFrom) {
    return new FaceIndex(SyntheticFaces.DIM, Configured.HNSW, graphFrom);
  }

  /** Enrolls {@code people} strangers with {@code photos} each; returns their identity vectors. */
  private List<float[]> enroll(FaceIndex index, int people, int photos) {
    List<float[]> identities = new ArrayList<>();
    long id = index.size() + 1;
    for (int i = 0; i < people; i++) {
      float[] identity = data.identity();
      identities.add(identity);
      for (int p = 0; p < photos; p++) {
        index.add(id++, "p" + i, data.photoOf(identity));
      }
    }
    index
        .awaitBackgroundWork(); // a graph build started by crossing the threshold is live from here
    return identities;
  }

  @Test
  void theGraphBuiltWhenTheGalleryCrossesTheThresholdHoldsEveryoneAddedBeforeAndAfter() {
    FaceIndex index = index(20);
    List<float[]> identities =
        enroll(index, 40, 1); // the graph is built at the 20th, the rest inserted
    index.removePerson("p3");
    for (int i = 0; i < identities.size(); i++) {
      List<Candidate> best = index.identify(data.photoOf(identities.get(i)), 1);
      if (i == 3) {
        assertNotEquals("p3", best.get(0).username());
      } else {
        assertEquals("p" + i, best.get(0).username());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {EXACT, GRAPH})
  void aPersonWithManyPhotosIsOneCandidateScoredByTheBestPhoto(int strategy) {
    FaceIndex index = index(strategy);
    List<float[]> identities = enroll(index, 50, 5);
    float[] query = data.photoOf(identities.get(3));

    List<Candidate> candidates = index.identify(query, 5);

    assertEquals(5, candidates.size());
    assertEquals(
        5, candidates.stream().map(Candidate::username).distinct().count(), "no person twice");
    assertEquals("p3", candidates.get(0).username());
    assertEquals(index.scorePerson("p3", query).getAsDouble(), candidates.get(0).score(), 1e-6);
    for (int i = 1; i < candidates.size(); i++) {
      assertTrue(candidates.get(i - 1).score() >= candidates.get(i).score(), "sorted best first");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {EXACT, GRAPH})
  void removedPeopleAreNoLongerFound(int strategy) {
    FaceIndex index = index(strategy);
    List<float[]> identities = enroll(index, 50, 3);

    assertEquals(3, index.removePerson("p7"));
    assertEquals(0, index.removePerson("p7"));

    float[] query = data.photoOf(identities.get(7));
    assertTrue(index.identify(query, 10).stream().noneMatch(c -> c.username().equals("p7")));
    assertTrue(index.scorePerson("p7", query).isEmpty());
    assertEquals(49, index.people());
    assertEquals(147, index.size());
  }

  @ParameterizedTest
  @ValueSource(ints = {EXACT, GRAPH})
  void emptyIndexFindsNobody(int strategy) {
    assertEquals(List.of(), index(strategy).identify(data.identity(), 3));
  }

  @Test
  void scorePersonIsTheExactBestDotProduct() {
    FaceIndex index = index(GRAPH);
    float[] identity = data.identity();
    List<float[]> photos =
        List.of(data.photoOf(identity), data.photoOf(identity), data.photoOf(identity));
    for (int i = 0; i < photos.size(); i++) {
      index.add(i + 1, "alice", photos.get(i));
    }
    float[] query = data.photoOf(identity);
    double expected =
        photos.stream().mapToDouble(p -> SyntheticFaces.dot(p, query)).max().orElseThrow();

    assertEquals(expected, index.scorePerson("alice", query).getAsDouble(), 1e-5);
    assertTrue(index.scorePerson("bob", query).isEmpty());
  }

  @Test
  void rejectsVectorsOfTheWrongDimension() {
    FaceIndex index = index(EXACT);
    assertThrows(IllegalArgumentException.class, () -> index.add(1, "alice", new float[128]));
    assertThrows(IllegalArgumentException.class, () -> index.identify(new float[128], 1));
  }

  @Test
  void concurrentAddsRemovesAndSearchesAreSafe() throws Exception {
    FaceIndex index = index(GRAPH);
    List<float[]> identities = enroll(index, 100, 2);
    SyntheticFaces[] perThread = {
      new SyntheticFaces(1), new SyntheticFaces(2), new SyntheticFaces(3), new SyntheticFaces(4)
    };
    AtomicLong ids = new AtomicLong(1_000_000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      // Two writers push the graph past its initial capacity (a resize) while two readers search.
      for (int w = 0; w < 2; w++) {
        SyntheticFaces mine = perThread[w];
        int writer = w;
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 600; i++) {
                    String username = "new" + writer + "_" + (i % 50);
                    index.add(ids.getAndIncrement(), username, mine.photoOf(mine.identity()));
                    if (i % 100 == 99) {
                      index.removePerson(username);
                    }
                  }
                }));
      }
      for (int r = 2; r < 4; r++) {
        SyntheticFaces mine = perThread[r];
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    float[] query = mine.photoOf(identities.get(i % identities.size()));
                    assertTrue(index.identify(query, 3).size() <= 3);
                    index.scorePerson("p" + (i % 100), query);
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertTrue(index.size() > 1024);
    for (int i = 0; i < 10; i++) {
      float[] query = data.photoOf(identities.get(i));
      assertEquals(
          "p" + i, index.identify(query, 1).get(0).username(), "graph still finds old people");
    }
  }
}
