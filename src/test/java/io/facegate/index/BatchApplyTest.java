package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A batch of additions and removals is applied in order, as one change that searches see whole or
 * not at all.
 */
@FastTier
class BatchApplyTest {
  private final SyntheticFaces faces = new SyntheticFaces(21);
  private final FaceIndex index =
      new FaceIndex(SyntheticFaces.DIM, Configured.HNSW, Integer.MAX_VALUE);

  private static IndexChange add(long id, String who, float[] vector) {
    return new IndexChange.Add(new IndexedEmbedding(id, who, vector));
  }

  private static IndexChange remove(long id) {
    return new IndexChange.Remove(id);
  }

  @Test
  void addsAndRemovesOfTheSamePersonApplyInOrder() {
    float[] alice = faces.identity();
    float[] first = faces.photoOf(alice),
        second = faces.photoOf(alice),
        third = faces.photoOf(alice);
    index.add(1, "alice", first);
    index.add(2, "bob", faces.photoOf(faces.identity()));

    // Alice's old photo goes, two new ones come, and one of those goes again within the batch.
    index.apply(List.of(remove(1), add(3, "alice", second), add(4, "alice", third), remove(4)));

    assertArrayEquals(new long[] {2, 3}, index.embeddingIds());
    assertEquals(2, index.people());
    float[] probe = faces.photoOf(alice);
    assertEquals(
        SyntheticFaces.dot(second, probe), index.scorePerson("alice", probe).getAsDouble(), 1e-5);
    assertEquals("alice", index.identify(probe, 1).get(0).username());

    index.apply(List.of(remove(3), add(5, "carol", first)));
    assertFalse(index.contains("alice"), "a person whose last embedding went is gone");
    assertEquals(
        List.of("carol"), index.identify(first, 1).stream().map(Candidate::username).toList());
  }

  @Test
  void removingIdsTheIndexDoesNotHoldChangesNothing() {
    index.add(1, "alice", faces.photoOf(faces.identity()));
    index.apply(List.of(remove(7), remove(8)));
    assertArrayEquals(new long[] {1}, index.embeddingIds());
    assertEquals(1, index.people());
  }

  @Test
  void aBatchAddingAnIdHeldOrAddedTwiceIsRefusedWhole() {
    index.add(1, "alice", faces.photoOf(faces.identity()));
    List<IndexChange> batch =
        List.of(add(2, "bob", faces.identity()), add(1, "mallory", faces.identity()));
    assertThrows(IllegalArgumentException.class, () -> index.apply(batch));
    assertThrows(
        IllegalArgumentException.class, () -> index.apply(List.of(add(3, "bob", new float[8]))));
    assertArrayEquals(
        new long[] {1}, index.embeddingIds(), "nothing of the refused batches applied");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            index.apply(
                List.of(add(5, "bob", faces.identity()), add(5, "carol", faces.identity()))),
        "one id added twice");
    assertThrows(
        IllegalArgumentException.class,
        () -> index.apply(List.of(remove(1), add(1, "alice", faces.identity()))),
        "ids are never reused, even after a removal");
    assertArrayEquals(new long[] {1}, index.embeddingIds());
    assertTrue(index.contains("alice"));
  }

  /**
   * One face moves from p0 to p1 and back, batch after batch (remove the old embedding, add the
   * new): a search that saw half a batch would find nobody with that face, or both.
   */
  @Test
  void searchesNeverSeeHalfABatch() throws Exception {
    for (int i = 0; i < 2000; i++) {
      index.add(100_000 + i, "stranger" + i, faces.photoOf(faces.identity()));
    }
    float[] face = faces.identity();
    index.add(0, "p0", face);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> writer =
          pool.submit(
              () -> {
                for (int id = 1; id <= 3000; id++) {
                  index.apply(List.of(remove(id - 1), add(id, "p" + (id % 2), face)));
                }
                done.set(true);
              });
      Future<Integer> reader =
          pool.submit(
              () -> {
                int searched = 0;
                while (!done.get()) {
                  List<Candidate> top = index.identify(face, 2);
                  assertEquals(1.0, top.get(0).score(), 1e-5, "the face is held: " + top);
                  assertTrue(top.get(1).score() < 0.5, "and held once: " + top);
                  assertEquals(2001, index.size());
                  searched++;
                }
                return searched;
              });
      writer.get();
      assertTrue(reader.get() > 0);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTrackedBatchAdvancesTheChangeSequence() {
    List<IndexedEmbedding> gallery = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      gallery.add(new IndexedEmbedding(i, "p" + i, faces.identity()));
    }
    index.load(gallery, 10);
    index.apply(List.of(add(4, "p4", faces.identity())), 13, 1); // (12, 13]: 11 and 12 not seen yet
    assertEquals(10, index.changesSinceSnapshot(), "no snapshot yet: the watermark itself");
    index.apply(List.of(remove(0), add(3, "p3", faces.identity())), 12, 2);
    assertEquals(13, index.changesSinceSnapshot());
  }
}
