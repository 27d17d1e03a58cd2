package io.facegate.service;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreFaults;
import io.facegate.testing.FakeFaceReader;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service's decision rules on scripted faces (no models): 1:1 and 1:N decisions, refused photos
 * in enrollment and comparison, and a full disk. Embeddings are chosen so every score is known:
 * cosines of unit vectors in four dimensions.
 */
@FastTier
class FaceServiceRulesTest {
  static final double AUTH = 0.5;
  static final double ID = 0.6;
  static final double MARGIN = 0.1;

  @TempDir Path dir;

  private final Vertx vertx = Vertx.vertx();
  private final FakeFaceReader photos = new FakeFaceReader();
  private final FaceIndex index =
      new FaceIndex(FakeFaceReader.DIMENSION, new HnswParams(16, 200, 100), 10_000);
  private Database db;
  private PeopleStore store;
  private FaceService service;

  @BeforeEach
  void open() {
    db = await(Database.open(vertx, dir));
    store = new PeopleStore(db);
    // A fixed identification threshold: gallery calibration has its own tests.
    service =
        new FaceService(
            photos,
            vertx.createSharedWorkerExecutor("test-inference", 1),
            store,
            index,
            new Thresholds(AUTH, ID, 0.01, MARGIN, LivenessMode.OFF, 0.2),
            IdThresholdSource.pinned(ID, index),
            new Lockout(0, Duration.ofMinutes(5), Clock.systemUTC()));
  }

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void authenticationMatchesFromTheAuthThresholdOn() {
    await(service.register("ann", null, List.of(photos.face("ann", 1, 0, 0, 0))));
    // cos = 0.6 and 0.4 against ann's (1, 0, 0, 0).
    AuthDecision close = await(service.authenticate("ann", photos.face("close", 0.6, 0.8, 0, 0)));
    AuthDecision far =
        await(service.authenticate("ann", photos.face("far", 0.4, Math.sqrt(0.84), 0, 0)));
    assertTrue(close.match(), "score " + close.score());
    assertEquals(0.6, close.score(), 1e-5);
    assertFalse(far.match(), "score " + far.score());
    assertEquals(AUTH, far.threshold());
    FacegateException unknown =
        assertThrows(
            FacegateException.class,
            () -> await(service.authenticate("bob", photos.face("anyone", 1, 0, 0, 0))));
    assertEquals(ErrorCode.USER_NOT_FOUND, unknown.code());
  }

  @Test
  void identificationNamesTheBestPersonOnlyAboveTheThresholdAndClearOfTheRunnerUp() {
    await(service.register("ann", null, List.of(photos.face("ann", 1, 0, 0, 0))));
    await(service.register("bob", null, List.of(photos.face("bob", 0, 1, 0, 0))));

    Identification clear = await(service.identify(photos.face("ann-probe", 0.9, 0.1, 0.1, 0), 5));
    assertTrue(clear.match(), "lead " + clear.lead());
    assertEquals("ann", clear.username());
    assertEquals(
        List.of("ann", "bob"), clear.candidates().stream().map(c -> c.username()).toList());

    // Close to both: above the threshold for ann, but bob is within the margin.
    Identification tie = await(service.identify(photos.face("between", 1, 0.95, 0, 0), 5));
    assertTrue(
        tie.score() >= ID && tie.lead() < MARGIN, "score " + tie.score() + " lead " + tie.lead());
    assertFalse(tie.match());
    assertNull(tie.username());

    Identification stranger = await(service.identify(photos.face("stranger", 0, 0, 1, 0), 5));
    assertFalse(stranger.match());
    assertNull(stranger.username());

    FacegateException topK =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.identify(photos.face("top-k", 1, 0, 0, 0), FaceService.MAX_TOP_K + 1)));
    assertEquals(ErrorCode.BAD_REQUEST, topK.code());
  }

  @Test
  void anEmptyGalleryIdentifiesNobody() {
    Identification nobody = await(service.identify(photos.face("probe", 1, 0, 0, 0), 1));
    assertFalse(nobody.match());
    assertTrue(nobody.candidates().isEmpty());
  }

  @Test
  void enrollmentKeepsTheUsablePhotosAndListsTheRefusedOnes() {
    Registration partly =
        await(
            service.register(
                "ann",
                null,
                List.of(
                    photos.face("ann", 1, 0, 0, 0),
                    photos.refused("banner", ErrorCode.NO_FACE),
                    photos.refused("group", ErrorCode.MULTIPLE_FACES))));
    assertEquals(1, partly.added());
    assertEquals(
        List.of(1, 2), partly.rejected().stream().map(Registration.Rejection::index).toList());
    assertEquals(
        List.of(ErrorCode.NO_FACE, ErrorCode.MULTIPLE_FACES),
        partly.rejected().stream().map(r -> r.reason().code()).toList());
    assertTrue(index.contains("ann"));
  }

  @Test
  void enrollmentWithNoUsablePhotoFailsWithTheFirstReasonAndStoresNothing() {
    FacegateException refused =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.register(
                        "bob",
                        null,
                        List.of(
                            photos.refused("group", ErrorCode.MULTIPLE_FACES),
                            photos.refused("blank", ErrorCode.NO_FACE)))));
    assertEquals(ErrorCode.MULTIPLE_FACES, refused.code());
    assertEquals(2, refused.details().getJsonArray("rejected").size(), refused.details().encode());
    assertTrue(await(store.find("bob")).isEmpty());
    assertFalse(index.contains("bob"));
  }

  @Test
  void compareJudgesByTheAuthThresholdAndNamesTheRefusedImage() {
    Comparison same =
        await(service.compare(photos.face("a", 1, 0, 0, 0), photos.face("b", 0.6, 0.8, 0, 0)));
    assertTrue(same.match());
    assertEquals(0.6, same.score(), 1e-5);
    Comparison different =
        await(service.compare(photos.face("a", 1, 0, 0, 0), photos.face("c", 0, 1, 0, 0)));
    assertFalse(different.match());

    FacegateException noFace =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.compare(
                        photos.face("a", 1, 0, 0, 0),
                        photos.refused("banner", ErrorCode.NO_FACE))));
    assertEquals(ErrorCode.NO_FACE, noFace.code());
    assertEquals(2, noFace.details().getInteger("image"));
    assertTrue(noFace.getMessage().startsWith("image 2: "), noFace.getMessage());
  }

  /**
   * A full disk refuses registration with 507, stores nothing of it, and leaves verification
   * working.
   */
  @Test
  void aFullDiskRefusesRegistrationButNotVerification() {
    await(service.register("ann", null, List.of(photos.face("ann", 1, 0, 0, 0))));

    await(StoreFaults.fillTheDisk(db, store, FakeFaceReader.DIMENSION, FakeFaceReader.MODEL_ID));
    FacegateException refused =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.register(
                        "bob",
                        null,
                        List.of(
                            photos.face("bob", 0, 1, 0, 0),
                            photos.face("bob-2", 0, 0.9, 0.1, 0)))));

    assertEquals(ErrorCode.INSUFFICIENT_STORAGE, refused.code());
    assertTrue(
        refused.getMessage().contains("nothing of this request was stored"), refused.getMessage());
    assertTrue(await(store.find("bob")).isEmpty());
    assertFalse(index.contains("bob"));
    assertTrue(
        await(service.authenticate("ann", photos.face("ann-probe", 0.9, 0.1, 0, 0))).match());
  }
}
