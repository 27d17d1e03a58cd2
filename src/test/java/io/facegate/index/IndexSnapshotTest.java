package io.facegate.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.SlowTier;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The persisted graph: written and loaded back it answers as the original did; a snapshot of
 * another state (sequence, lineage, embedder, parameters) or a damaged file is refused and the
 * graph rebuilt, with the same answers; deleted people are never returned, whether deleted before
 * or after it.
 */
@SlowTier
class IndexSnapshotTest {
  private static final HnswParams PARAMS = new HnswParams(16, 100, 100);
  private static final String EMBEDDER = "mobilefacenet@test";
  private static final String LINEAGE = "lineage-a";
  private static final int PEOPLE = 1500;
  private static final long SEQ = 42;

  @TempDir Path dir;

  private final SyntheticFaces data = new SyntheticFaces(5);
  private final List<float[]> identities = new ArrayList<>();
  private final List<IndexedEmbedding> entries = new ArrayList<>();
  private final List<FaceIndex> opened = new ArrayList<>();

  /** Second photos of every seventh person, the same for every index compared. */
  private final List<float[]> queries = new ArrayList<>();

  IndexSnapshotTest() {
    for (int i = 0; i < PEOPLE; i++) {
      float[] identity = data.identity();
      identities.add(identity);
      entries.add(new IndexedEmbedding(i + 1, "p" + i, data.photoOf(identity)));
    }
    for (int i = 0; i < PEOPLE; i += 7) {
      queries.add(data.photoOf(identities.get(i)));
    }
  }

  @AfterEach
  void close() {
    opened.forEach(FaceIndex::close);
  }

  private FaceIndex index(List<IndexedEmbedding> gallery, long seq) {
    FaceIndex index = new FaceIndex(SyntheticFaces.DIM, PARAMS, 100);
    opened.add(index);
    index.load(gallery, seq);
    return index;
  }

  /** A built index with its snapshot written at {@link #SEQ}. */
  private Path snapshotOfAll() {
    FaceIndex built = index(entries, SEQ);
    built.buildGraphIfLarge();
    built.awaitBackgroundWork();
    assertTrue(built.graphInUse());
    Path file = dir.resolve(IndexSnapshot.FILE_NAME);
    assertEquals(Optional.of(SEQ), built.writeSnapshot(file, EMBEDDER, LINEAGE).join());
    assertFalse(
        Files.exists(dir.resolve(IndexSnapshot.FILE_NAME + ".tmp")), "temp file renamed away");
    return file;
  }

  private List<List<Candidate>> answers(FaceIndex index) {
    List<List<Candidate>> all = new ArrayList<>();
    for (float[] query : queries) {
      all.add(index.identify(query, 3));
    }
    return all;
  }

  @Test
  void aSnapshotLoadsBackAndAnswersAsTheOriginal() {
    Path file = snapshotOfAll();
    FaceIndex original = index(entries, SEQ);
    original.buildGraphIfLarge();
    original.awaitBackgroundWork();

    FaceIndex loaded = index(entries, SEQ);
    assertEquals(
        Optional.empty(), loaded.loadSnapshotOrBuild(file, loaded.header(EMBEDDER, LINEAGE, SEQ)));
    assertTrue(loaded.fromSnapshot() && loaded.graphInUse());
    // Same queries, same people in the same order (scores equal to float precision).
    List<List<Candidate>> expected = answers(original);
    List<List<Candidate>> found = answers(loaded);
    for (int q = 0; q < expected.size(); q++) {
      assertEquals(expected.get(q).get(0).username(), found.get(q).get(0).username());
      assertEquals(expected.get(q).get(0).score(), found.get(q).get(0).score(), 1e-6);
    }
    // Nothing changed since it was loaded: a second write is skipped.
    assertEquals(Optional.empty(), loaded.writeSnapshot(file, EMBEDDER, LINEAGE).join());
  }

  @Test
  void aStaleSnapshotIsRefusedAndTheGraphRebuiltWithTheSameAnswers() throws Exception {
    Path file = snapshotOfAll();
    FaceIndex exact = new FaceIndex(SyntheticFaces.DIM, PARAMS, Integer.MAX_VALUE);
    opened.add(exact);
    exact.load(entries, SEQ);
    List<List<Candidate>> truth = answers(exact);

    assertRebuilt(file, EMBEDDER, LINEAGE, SEQ + 1, "reflects", truth); // SQLite moved on
    assertRebuilt(file, "mobilefacenet@other", LINEAGE, SEQ, "reflects", truth); // another embedder
    assertRebuilt(file, EMBEDDER, "lineage-b", SEQ, "reflects", truth); // a restored database

    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) { // one flipped bit
      long at = raw.length() / 2;
      raw.seek(at);
      int b = raw.read();
      raw.seek(at);
      raw.write(b ^ 0x10);
    }
    assertRebuilt(file, EMBEDDER, LINEAGE, SEQ, "checksum", truth);
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) { // a torn write
      raw.setLength(raw.length() / 3);
    }
    assertRebuilt(file, EMBEDDER, LINEAGE, SEQ, "end marker", truth);
    Files.delete(file);
    assertRebuilt(file, EMBEDDER, LINEAGE, SEQ, "no snapshot", truth);
  }

  private void assertRebuilt(
      Path file,
      String embedder,
      String lineage,
      long seq,
      String why,
      List<List<Candidate>> truth) {
    FaceIndex index = index(entries, seq);
    Optional<String> refused =
        index.loadSnapshotOrBuild(file, index.header(embedder, lineage, seq));
    assertTrue(refused.isPresent() && refused.get().contains(why), refused.toString());
    index.awaitBackgroundWork();
    assertTrue(index.graphInUse() && !index.fromSnapshot(), "rebuilt in the background");
    List<List<Candidate>> found = answers(index);
    for (int q = 0; q < truth.size(); q++) {
      assertEquals(truth.get(q).get(0).username(), found.get(q).get(0).username());
    }
  }

  @Test
  void someoneDeletedAfterTheSnapshotIsNeverReturned() {
    Path file = snapshotOfAll();
    // The store deleted p10 after the snapshot was written but the snapshot still matches (as when
    // a
    // graph holds a deleted person as a waypoint): p10 is in the graph, not in the gallery.
    List<IndexedEmbedding> withoutP10 =
        entries.stream().filter(e -> !e.username().equals("p10")).toList();
    FaceIndex index = index(withoutP10, SEQ);
    assertEquals(
        Optional.empty(), index.loadSnapshotOrBuild(file, index.header(EMBEDDER, LINEAGE, SEQ)));
    assertEquals(1, index.tombstones());
    // And p11 is deleted while it serves.
    index.removePerson("p11", SEQ + 1, 1);
    for (int i = 0; i < 20; i++) {
      for (Candidate c : index.identify(data.photoOf(identities.get(10)), 5)) {
        assertNotEquals("p10", c.username());
      }
      for (Candidate c : index.identify(data.photoOf(identities.get(11)), 5)) {
        assertNotEquals("p11", c.username());
      }
    }
    assertEquals("p12", index.identify(data.photoOf(identities.get(12)), 1).get(0).username());
  }

  @Test
  void aSnapshotHoldingAnotherVectorThanTheStoreIsNotUsed() {
    Path file = snapshotOfAll();
    List<IndexedEmbedding> changed = new ArrayList<>(entries);
    changed.set(
        3, new IndexedEmbedding(4, "p3", data.photoOf(identities.get(3)))); // same id, other vector
    FaceIndex index = index(changed, SEQ);
    Optional<String> refused =
        index.loadSnapshotOrBuild(file, index.header(EMBEDDER, LINEAGE, SEQ));
    assertTrue(refused.isPresent() && refused.get().contains("does not hold"), refused.toString());
  }

  @Test
  void noSnapshotIsWrittenUnlessTheIndexKnowsWhichStateItReflects() {
    FaceIndex index = index(entries, SEQ);
    index.buildGraphIfLarge();
    index.awaitBackgroundWork();
    index.addAll(
        List.of(new IndexedEmbedding(PEOPLE + 1, "late", data.identity())),
        SEQ + 2,
        1); // SEQ + 1 not seen yet
    Path file = dir.resolve(IndexSnapshot.FILE_NAME);
    assertEquals(Optional.empty(), index.writeSnapshot(file, EMBEDDER, LINEAGE).join());
    index.removePerson("p0", SEQ + 1, 1); // the missing change arrives: SEQ + 2 is now exact
    assertEquals(Optional.of(SEQ + 2), index.writeSnapshot(file, EMBEDDER, LINEAGE).join());
    index.add(PEOPLE + 2, "untracked", data.identity()); // sequence unknown: never again
    assertEquals(Optional.empty(), index.writeSnapshot(file, EMBEDDER, LINEAGE).join());
  }
}
