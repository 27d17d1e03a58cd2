package io.facegate.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@FastTier
class PeopleStoreTest extends OpenDatabase {
  private static final String MODEL = "test-model-v1";

  private final Random random = new Random(42);
  private PeopleStore store;

  @BeforeEach
  void openStore() {
    store = new PeopleStore(db);
  }

  private float[] vector() {
    float[] v = new float[192];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return v;
  }

  @Test
  void enrollCreatesThePersonAndStoresVectorsBitExact(VertxTestContext ctx) {
    List<float[]> vectors = List.of(vector(), vector());
    store
        .enroll("alice", "Alice A.", vectors, MODEL)
        .compose(
            enrollment ->
                store
                    .loadAll()
                    .map(
                        all -> {
                          ctx.verify(
                              () -> {
                                assertEquals("alice", enrollment.username());
                                assertEquals(2, enrollment.embeddingIds().size());
                                assertEquals(2, enrollment.totalEmbeddings());
                                assertEquals(2, all.size());
                                for (int i = 0; i < 2; i++) {
                                  StoredEmbedding stored = all.get(i);
                                  assertEquals(enrollment.embeddingIds().get(i), stored.id());
                                  assertEquals("alice", stored.username());
                                  assertEquals(MODEL, stored.modelId());
                                  assertArrayEquals(vectors.get(i), stored.vector());
                                }
                              });
                          return all;
                        }))
        .compose(all -> store.find("alice"))
        .onComplete(
            ctx.succeeding(
                found ->
                    ctx.verify(
                        () -> {
                          Person alice = found.orElseThrow();
                          assertEquals("Alice A.", alice.displayName());
                          assertEquals(2, alice.embeddings());
                          assertNotNull(alice.createdAt());
                          ctx.completeNow();
                        })));
  }

  @Test
  void enrollingAgainAddsVectorsAndKeepsTheDisplayNameUnlessGiven(VertxTestContext ctx) {
    store
        .enroll("bob", "Bob", List.of(vector()), MODEL)
        .compose(first -> store.enroll("bob", null, List.of(vector(), vector()), MODEL))
        .compose(
            second -> {
              ctx.verify(() -> assertEquals(3, second.totalEmbeddings()));
              return store.find("bob");
            })
        .compose(
            bob -> {
              ctx.verify(() -> assertEquals("Bob", bob.orElseThrow().displayName()));
              return store.enroll("bob", "Robert", List.of(vector()), MODEL);
            })
        .compose(third -> store.find("bob"))
        .onComplete(
            ctx.succeeding(
                bob ->
                    ctx.verify(
                        () -> {
                          assertEquals("Robert", bob.orElseThrow().displayName());
                          assertEquals(4, bob.orElseThrow().embeddings());
                          ctx.completeNow();
                        })));
  }

  @Test
  void embeddingsOfAFormerModelIdAreAdoptedAndOthersLeftAlone(VertxTestContext ctx) {
    store
        .enroll("ann", null, List.of(vector(), vector()), "embedder@former")
        .compose(v -> store.enroll("bob", null, List.of(vector()), "other@1"))
        .compose(v -> store.adoptModelIds(List.of("embedder@former"), MODEL))
        .compose(
            adopted ->
                store
                    .loadAll()
                    .map(
                        all -> {
                          ctx.verify(
                              () -> {
                                assertEquals(2, adopted);
                                assertEquals(
                                    List.of(MODEL, MODEL, "other@1"),
                                    all.stream().map(StoredEmbedding::modelId).toList());
                              });
                          return all;
                        }))
        .compose(v -> store.adoptModelIds(List.of(), MODEL))
        .onComplete(
            ctx.succeeding(
                none ->
                    ctx.verify(
                        () -> {
                          assertEquals(0, none);
                          ctx.completeNow();
                        })));
  }

  @Test
  void findUnknownIsEmpty(VertxTestContext ctx) {
    store
        .find("nobody")
        .onComplete(
            ctx.succeeding(
                found ->
                    ctx.verify(
                        () -> {
                          assertTrue(found.isEmpty());
                          ctx.completeNow();
                        })));
  }

  @Test
  void listPagesThroughEveryoneInUsernameOrder(VertxTestContext ctx) {
    List<String> names = List.of("eve", "carol", "alice", "dave", "bob");
    Future<Void> enrolled = Future.succeededFuture();
    for (String name : names) {
      enrolled =
          enrolled.compose(v -> store.enroll(name, null, List.of(vector()), MODEL)).mapEmpty();
    }
    List<String> seen = new ArrayList<>();
    enrolled
        .compose(v -> store.list(2, null))
        .compose(
            page -> {
              page.people().forEach(p -> seen.add(p.username()));
              ctx.verify(() -> assertNotNull(page.next()));
              return store.list(2, page.next());
            })
        .compose(
            page -> {
              page.people().forEach(p -> seen.add(p.username()));
              return store.list(2, page.next());
            })
        .onComplete(
            ctx.succeeding(
                last ->
                    ctx.verify(
                        () -> {
                          last.people().forEach(p -> seen.add(p.username()));
                          assertNull(last.next());
                          assertEquals(List.of("alice", "bob", "carol", "dave", "eve"), seen);
                          ctx.completeNow();
                        })));
  }

  @Test
  void listEndsWithoutCursorWhenThePageIsExactlyFull(VertxTestContext ctx) {
    store
        .enroll("a", null, List.of(vector()), MODEL)
        .compose(v -> store.enroll("b", null, List.of(vector()), MODEL))
        .compose(v -> store.list(2, null))
        .onComplete(
            ctx.succeeding(
                page ->
                    ctx.verify(
                        () -> {
                          assertEquals(2, page.people().size());
                          assertNull(page.next());
                          ctx.completeNow();
                        })));
  }

  @Test
  void listRejectsAMalformedCursor(VertxTestContext ctx) {
    store
        .list(10, "not base64!")
        .onComplete(
            ctx.failing(
                err ->
                    ctx.verify(
                        () -> {
                          assertTrue(err instanceof IllegalArgumentException);
                          ctx.completeNow();
                        })));
  }

  @Test
  void deleteRemovesThePersonAndCascadesToEmbeddings(VertxTestContext ctx) {
    List<Long> enrolledIds = new ArrayList<>();
    store
        .enroll("carol", null, List.of(vector(), vector(), vector()), MODEL)
        .compose(
            carol -> {
              enrolledIds.addAll(carol.embeddingIds());
              return store.enroll("dave", null, List.of(vector()), MODEL);
            })
        .compose(dave -> store.delete("carol"))
        .compose(
            removed -> {
              ctx.verify(
                  () -> assertEquals(Optional.of(enrolledIds), removed.map(Removal::embeddingIds)));
              return db.reader().query("SELECT count(*) FROM embeddings").execute();
            })
        .compose(
            rows -> {
              ctx.verify(
                  () ->
                      assertEquals(
                          1, rows.iterator().next().getInteger(0), "only dave's embedding left"));
              return store.find("carol");
            })
        .compose(
            carol -> {
              ctx.verify(() -> assertTrue(carol.isEmpty()));
              return store.delete("carol");
            })
        .onComplete(
            ctx.succeeding(
                again ->
                    ctx.verify(
                        () -> {
                          assertTrue(again.isEmpty(), "deleting an unknown person reports it");
                          ctx.completeNow();
                        })));
  }

  @Test
  void embeddingIdsAreNotReusedAfterDelete(VertxTestContext ctx) {
    store
        .enroll("frank", null, List.of(vector()), MODEL)
        .compose(frank -> store.delete("frank").map(frank.embeddingIds().get(0)))
        .compose(
            oldId ->
                store
                    .enroll("grace", null, List.of(vector()), MODEL)
                    .map(grace -> grace.embeddingIds().get(0) > oldId))
        .onComplete(
            ctx.succeeding(
                fresh ->
                    ctx.verify(
                        () -> {
                          assertTrue(fresh);
                          ctx.completeNow();
                        })));
  }

  @Test
  void concurrentEnrollmentsOfOneUsernameKeepEveryVector(VertxTestContext ctx) {
    int calls = 10;
    List<Future<Enrollment>> enrollments =
        IntStream.range(0, calls)
            .mapToObj(i -> store.enroll("zoe", "Zoe " + i, List.of(vector(), vector()), MODEL))
            .toList();
    Future.all(enrollments)
        .compose(all -> store.list(100, null))
        .onComplete(
            ctx.succeeding(
                page ->
                    ctx.verify(
                        () -> {
                          assertEquals(1, page.people().size(), "one person, not duplicates");
                          assertEquals(2 * calls, page.people().get(0).embeddings());
                          Set<Long> ids = new HashSet<>();
                          Set<Integer> totals = new HashSet<>();
                          for (Future<Enrollment> e : enrollments) {
                            ids.addAll(e.result().embeddingIds());
                            totals.add(e.result().totalEmbeddings());
                          }
                          assertEquals(2 * calls, ids.size());
                          assertEquals(
                              calls,
                              totals.size(),
                              "each enrollment saw a distinct committed total");
                          ctx.completeNow();
                        })));
  }

  @Test
  void everythingSurvivesReopeningTheDatabase(Vertx vertx, VertxTestContext ctx) {
    float[] v = vector();
    store
        .enroll("henry", "Henry", List.of(v), MODEL)
        .compose(e -> db.close())
        .compose(closed -> Database.open(vertx, dir))
        .compose(
            reopened -> {
              db = reopened;
              store = new PeopleStore(db);
              return store.find("henry");
            })
        .compose(
            henry -> {
              ctx.verify(() -> assertEquals("Henry", henry.orElseThrow().displayName()));
              return store.loadAll();
            })
        .onComplete(
            ctx.succeeding(
                all ->
                    ctx.verify(
                        () -> {
                          assertEquals(1, all.size());
                          assertArrayEquals(v, all.get(0).vector());
                          ctx.completeNow();
                        })));
  }
}
