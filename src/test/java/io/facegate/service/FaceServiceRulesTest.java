package io.facegate.service;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.index.FaceIndex;
import io.facegate.store.Database;
import io.facegate.store.DeviceStore;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreFaults;
import io.facegate.testing.FakeFaceReader;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  private final FaceIndex index = new FaceIndex(FakeFaceReader.DIMENSION);
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
            new InferencePool(
                vertx.createSharedWorkerExecutor("test-inference", 1), Duration.ofMinutes(1)),
            store,
            index,
            new Thresholds(AUTH, ID, 0.01, MARGIN, LivenessMode.OFF, 0.2, Double.NaN),
            IdThresholdSource.pinned(ID, index),
            new Lockout(0, Duration.ofMinutes(5), Clock.systemUTC()),
            await(Doors.load(new DeviceStore(db), Clock.systemUTC())),
            new LivenessCheck(LivenessMode.OFF, 0.2, 2, Duration.ofSeconds(15), Clock.systemUTC()));
  }

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void authenticationMatchesFromTheAuthThresholdOn() {
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));
    // cos = 0.6 and 0.4 against ann's (1, 0, 0, 0).
    AuthDecision close =
        await(
            service.authenticate("ann", Capture.image(photos.face("close", 0.6, 0.8, 0, 0)), null));
    AuthDecision far =
        await(
            service.authenticate(
                "ann", Capture.image(photos.face("far", 0.4, Math.sqrt(0.84), 0, 0)), null));
    assertTrue(close.match(), "score " + close.score());
    assertEquals(0.6, close.score(), 1e-5);
    assertFalse(far.match(), "score " + far.score());
    assertEquals(AUTH, far.threshold());
    FacegateException unknown =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.authenticate(
                        "bob", Capture.image(photos.face("anyone", 1, 0, 0, 0)), null)));
    assertEquals(ErrorCode.USER_NOT_FOUND, unknown.code());
  }

  @Test
  void identificationNamesTheBestPersonOnlyAboveTheThresholdAndClearOfTheRunnerUp() {
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));
    await(
        service.register(
            "bob", null, null, false, List.of(photos.face("bob", 0, 1, 0, 0)), Optional.empty()));

    Identification clear =
        await(service.identify(Capture.image(photos.face("ann-probe", 0.9, 0.1, 0.1, 0)), 5, null));
    assertTrue(clear.match(), "lead " + clear.lead());
    assertEquals("ann", clear.username());
    assertEquals(
        List.of("ann", "bob"), clear.candidates().stream().map(c -> c.username()).toList());

    // Close to both: above the threshold for ann, but bob is within the margin.
    Identification tie =
        await(service.identify(Capture.image(photos.face("between", 1, 0.95, 0, 0)), 5, null));
    assertTrue(
        tie.score() >= ID && tie.lead() < MARGIN, "score " + tie.score() + " lead " + tie.lead());
    assertFalse(tie.match());
    assertNull(tie.username());

    Identification stranger =
        await(service.identify(Capture.image(photos.face("stranger", 0, 0, 1, 0)), 5, null));
    assertFalse(stranger.match());
    assertNull(stranger.username());

    FacegateException topK =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.identify(
                        Capture.image(photos.face("top-k", 1, 0, 0, 0)),
                        FaceService.MAX_TOP_K + 1,
                        null)));
    assertEquals(ErrorCode.BAD_REQUEST, topK.code());
  }

  @Test
  void anEmptyGalleryIdentifiesNobody() {
    Identification nobody =
        await(service.identify(Capture.image(photos.face("probe", 1, 0, 0, 0)), 1, null));
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
                null,
                false,
                List.of(
                    photos.face("ann", 1, 0, 0, 0),
                    photos.refused("banner", ErrorCode.NO_FACE),
                    photos.refused("group", ErrorCode.MULTIPLE_FACES)),
                Optional.empty()));
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
                        null,
                        false,
                        List.of(
                            photos.refused("group", ErrorCode.MULTIPLE_FACES),
                            photos.refused("blank", ErrorCode.NO_FACE)),
                        Optional.empty())));
    assertEquals(ErrorCode.MULTIPLE_FACES, refused.code());
    assertEquals(2, refused.details().getJsonArray("rejected").size(), refused.details().encode());
    assertTrue(await(store.find("bob")).isEmpty());
    assertFalse(index.contains("bob"));
  }

  @Test
  void compareJudgesByTheAuthThresholdAndNamesTheRefusedImage() {
    Comparison same =
        await(
            service.compare(
                Capture.image(photos.face("a", 1, 0, 0, 0)),
                photos.face("b", 0.6, 0.8, 0, 0),
                null));
    assertTrue(same.match());
    assertEquals(0.6, same.score(), 1e-5);
    Comparison different =
        await(
            service.compare(
                Capture.image(photos.face("a", 1, 0, 0, 0)), photos.face("c", 0, 1, 0, 0), null));
    assertFalse(different.match());

    FacegateException noFace =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.compare(
                        Capture.image(photos.face("a", 1, 0, 0, 0)),
                        photos.refused("banner", ErrorCode.NO_FACE),
                        null)));
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
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));

    await(StoreFaults.fillTheDisk(db, store, FakeFaceReader.DIMENSION, FakeFaceReader.MODEL_ID));
    FacegateException refused =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.register(
                        "bob",
                        null,
                        null,
                        false,
                        List.of(
                            photos.face("bob", 0, 1, 0, 0), photos.face("bob-2", 0, 0.9, 0.1, 0)),
                        Optional.empty())));

    assertEquals(ErrorCode.INSUFFICIENT_STORAGE, refused.code());
    assertTrue(
        refused.getMessage().contains("nothing of this request was stored"), refused.getMessage());
    assertTrue(await(store.find("bob")).isEmpty());
    assertFalse(index.contains("bob"));
    assertTrue(
        await(
                service.authenticate(
                    "ann", Capture.image(photos.face("ann-probe", 0.9, 0.1, 0, 0)), null))
            .match());
  }

  @Test
  void aRequestedThresholdMayBeStricterButNeverLooser() {
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));
    byte[] close = photos.face("close", 0.6, 0.8, 0, 0);
    AuthDecision strict = await(service.authenticate("ann", Capture.image(close), 0.7));
    assertFalse(strict.match(), "0.6 is below the requested 0.7");
    assertEquals(0.7, strict.threshold());
    assertTrue(
        await(service.authenticate("ann", Capture.image(close), AUTH)).match(),
        "the configured value itself is allowed");
    FacegateException looser =
        assertThrows(
            FacegateException.class,
            () -> await(service.authenticate("ann", Capture.image(close), 0.3)));
    assertEquals(ErrorCode.BAD_REQUEST, looser.code());

    Identification id =
        await(
            service.identify(Capture.image(photos.face("ann-probe", 0.9, 0.1, 0.1, 0)), 1, 0.995));
    assertFalse(id.match());
    assertEquals(0.995, id.threshold());
    assertEquals("requested", id.idThreshold().method());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                FacegateException.class,
                () -> await(service.identify(Capture.image(close), 1, ID - 0.01)))
            .code());

    assertFalse(
        await(service.compare(Capture.image(photos.face("a", 1, 0, 0, 0)), close, 0.65)).match());
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(
                FacegateException.class,
                () ->
                    await(service.compare(Capture.image(photos.face("a", 1, 0, 0, 0)), close, 0.1)))
            .code());
  }

  @Test
  void aFaceEnrolledAsSomeoneElseIsRefusedUnlessAllowed() {
    await(
        service.register(
            "ann", null, null, false, List.of(photos.face("ann", 1, 0, 0, 0)), Optional.empty()));
    // cos 0.6 against ann: at the 1:1 threshold or above, the same face under a second name.
    byte[] annAgain = photos.face("ann-again", 0.6, 0.8, 0, 0);
    FacegateException duplicate =
        assertThrows(
            FacegateException.class,
            () ->
                await(
                    service.register(
                        "eve",
                        null,
                        null,
                        false,
                        List.of(photos.face("eve", 0, 0, 1, 0), annAgain),
                        Optional.empty())));
    assertEquals(ErrorCode.DUPLICATE_FACE, duplicate.code());
    assertEquals("ann", duplicate.details().getString("username"));
    assertEquals(0.6, duplicate.details().getDouble("score"), 1e-4);
    assertEquals(1, duplicate.details().getInteger("index"));
    assertTrue(await(store.find("eve")).isEmpty(), "nothing of the request was stored");

    // Below the threshold against ann: a different person.
    await(
        service.register(
            "bob",
            null,
            null,
            false,
            List.of(photos.face("bob", 0.4, Math.sqrt(0.84), 0, 0)),
            Optional.empty()));
    // Adding to bob a photo that is closer to ann than to bob is refused the same way ...
    byte[] nearAnn = photos.face("near-ann", 0.9, 0.1, 0.3, 0);
    assertEquals(
        ErrorCode.DUPLICATE_FACE,
        assertThrows(
                FacegateException.class,
                () ->
                    await(
                        service.register(
                            "bob", null, null, false, List.of(nearAnn), Optional.empty())))
            .code());
    // ... but one closer to bob himself is his, even above the threshold against ann.
    assertEquals(
        2,
        await(
                service.register(
                    "bob",
                    null,
                    null,
                    false,
                    List.of(photos.face("bob-2", 0.55, 0.8, 0.1, 0)),
                    Optional.empty()))
            .total());
    // An administrator may enroll the same face twice on purpose (twins sharing a badge, a test
    // account).
    assertEquals(
        1,
        await(service.register("eve", null, null, true, List.of(annAgain), Optional.empty()))
            .added());
  }

  @Test
  void aPhotoIsRemovedFromStoreAndIndexButNeverThePersonsLast() {
    Registration ann =
        await(
            service.register(
                "ann",
                null,
                null,
                false,
                List.of(photos.face("ann", 1, 0, 0, 0), photos.face("ann-side", 0, 0, 0, 1)),
                Optional.empty()));
    List<Long> ids =
        await(store.describe("ann")).orElseThrow().photos().stream().map(p -> p.id()).toList();
    assertEquals(2, ids.size());
    await(service.directory().removePhoto("ann", ids.get(1)));
    assertEquals(
        List.of(ids.get(0)),
        await(store.describe("ann")).orElseThrow().photos().stream().map(p -> p.id()).toList());
    assertEquals(1, index.size());
    assertEquals(
        ErrorCode.LAST_PHOTO,
        assertThrows(
                FacegateException.class,
                () -> await(service.directory().removePhoto("ann", ids.get(0))))
            .code());
    assertEquals(
        ErrorCode.NOT_FOUND,
        assertThrows(
                FacegateException.class,
                () -> await(service.directory().removePhoto("ann", ids.get(1))))
            .code());
    assertEquals(
        ErrorCode.USER_NOT_FOUND,
        assertThrows(
                FacegateException.class,
                () -> await(service.directory().removePhoto("bob", ids.get(0))))
            .code());
    assertEquals(2, ann.total());
  }

  @Test
  void theDuplicateThresholdIsItsOwnSettingOrTheAuthOne() {
    assertEquals(
        AUTH,
        new Thresholds(AUTH, ID, 0.01, MARGIN, LivenessMode.OFF, 0.2, Double.NaN).duplicateFace());
    assertEquals(
        0.6, new Thresholds(AUTH, ID, 0.01, MARGIN, LivenessMode.OFF, 0.2, 0.6).duplicateFace());
  }
}
