package io.facegate.service;

import io.facegate.config.FacegateConfig;
import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.StoreFaults;
import io.facegate.testing.Models;
import io.facegate.testing.SharedFaces;
import io.facegate.vision.FaceEmbedder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A full disk refuses registration with 507, stores nothing of it, and leaves verification working. */
class StorageFaultTest {
  @TempDir
  Path dir;

  private final Vertx vertx = Vertx.vertx();
  private Database db;

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  @Test
  void aFullDiskRefusesRegistrationButNotVerification() {
    db = await(Database.open(vertx, dir));
    PeopleStore store = new PeopleStore(db);
    FacegateConfig config = Models.defaults();
    FaceReader reader = config.faceReader(Models.pipeline());
    FaceIndex index = new FaceIndex(FaceEmbedder.DIMENSION, new HnswParams(16, 200, 100), 10_000);
    FaceService service = new FaceService(reader, vertx.createSharedWorkerExecutor("test-inference", 1), store, index,
        config.decisions().thresholds(), IdThresholdSource.pinned(config.decisions().thresholds().auth(), index),
        new Lockout(0, Duration.ofMinutes(5), Clock.systemUTC()));
    // pinned: gallery calibration is not what this test is about
    await(service.register("obama", null, List.of(SharedFaces.bytes("people/obama/obama.jpg"))));

    await(StoreFaults.fillTheDisk(db, store, FaceEmbedder.DIMENSION, reader.modelId()));
    FacegateException refused = assertThrows(FacegateException.class, () -> await(service.register("biden", null,
        List.of(SharedFaces.bytes("people/biden/biden.jpg"), SharedFaces.bytes("people/biden/biden2.jpg")))));

    assertEquals(ErrorCode.INSUFFICIENT_STORAGE, refused.code());
    assertTrue(refused.getMessage().contains("nothing of this request was stored"), refused.getMessage());
    assertTrue(await(store.find("biden")).isEmpty());
    assertFalse(index.contains("biden"));
    assertTrue(await(service.authenticate("obama", SharedFaces.bytes("people/obama/obama3.jpg"))).match());
  }
}
