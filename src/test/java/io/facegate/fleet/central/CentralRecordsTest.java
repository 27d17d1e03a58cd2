package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.Vectors;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.store.Device;
import io.facegate.store.Enrollment;
import io.facegate.store.PhotoRemoval;
import io.facegate.store.Profile;
import io.facegate.testing.E2eTier;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The central's writes besides embeddings, and the log entries and snapshot they leave. */
@E2eTier
class CentralRecordsTest extends CentralFixture {
  private static final Profile STAFF =
      new Profile("Alice A.", new JsonObject().put("badge", 7), List.of("staff"), null);

  private final Vectors vectors = new Vectors(23);
  private CentralRecords records;

  @BeforeEach
  void openRecords() {
    records = new CentralRecords(db);
  }

  private List<GalleryChange> changesAfter(long seq) {
    return await(log.changesAfter(await(log.head()).lineage(), seq, 100)).changes();
  }

  @Test
  void aProfileEditIsOneLogEntryAndAnEditThatChangesNothingIsNone() {
    Enrollment alice =
        await(
            gallery.enroll(
                "alice",
                null,
                new JsonObject().put("badge", 7),
                List.of(vectors.next(), vectors.next()),
                Vectors.MODEL));
    List<GalleryChange> enrolled = changesAfter(0);
    assertEquals(
        List.of(GalleryChange.Op.INSERT, GalleryChange.Op.INSERT, GalleryChange.Op.PROFILE),
        enrolled.stream().map(GalleryChange::op).toList(),
        "metadata at enrollment follows the inserts that create the person");
    assertEquals(alice.seq(), enrolled.get(2).seq());

    long seq = await(records.updateProfile("alice", p -> STAFF)).orElseThrow();
    GalleryChange edit = changesAfter(alice.seq()).get(0);
    assertEquals(seq, edit.seq());
    assertEquals("alice", edit.username());
    assertEquals(new JsonObject().put("badge", 7), edit.payload().getJsonObject("metadata"));
    assertEquals("staff", edit.payload().getJsonArray("groups").getString(0));

    assertEquals(seq, await(records.updateProfile("alice", p -> p)).orElseThrow());
    assertTrue(changesAfter(seq).isEmpty(), "nothing changed, nothing logged");
    assertTrue(await(records.updateProfile("nobody", p -> STAFF)).isEmpty());
    assertThrows(
        FacegateException.class,
        () ->
            await(
                records.updateProfile(
                    "alice",
                    p -> {
                      throw new FacegateException(ErrorCode.BAD_REQUEST, "refused by the edit");
                    })));
    assertTrue(changesAfter(seq).isEmpty(), "a refused edit logs nothing");

    PhotoRemoval removed = await(records.removePhoto("alice", alice.embeddingIds().get(0)));
    assertEquals(PhotoRemoval.Outcome.REMOVED, removed.outcome());
    assertEquals(
        PhotoRemoval.Outcome.LAST_PHOTO,
        await(records.removePhoto("alice", alice.embeddingIds().get(1))).outcome());

    await(gallery.delete("alice"));
    assertTrue(
        changesAfter(0).stream()
            .filter(c -> c.op() == GalleryChange.Op.PROFILE)
            .allMatch(c -> c.payload() == null),
        "a deleted person's profiles are blanked in the log");
  }

  @Test
  void aDeletedDevicesTokenIsRevokedBeforeTheDeviceGoes() {
    Device dock = new Device("dock", List.of("staff"), null, "Europe/Berlin", "t1", null);
    long created = await(records.insertDevice(dock)).getAsLong();
    assertEquals(OptionalLong.empty(), await(records.insertDevice(dock)));
    await(records.updateDevice("dock", d -> d));
    assertEquals(OptionalLong.empty(), await(records.updateDevice("gate", d -> d)));
    long deleted = await(records.deleteDevice("dock")).orElseThrow().seq();

    List<GalleryChange> changes = changesAfter(created - 1);
    assertEquals(
        List.of(
            GalleryChange.Op.DEVICE,
            GalleryChange.Op.DEVICE,
            GalleryChange.Op.REVOKE,
            GalleryChange.Op.DEVICE_DELETE),
        changes.stream().map(GalleryChange::op).toList());
    assertEquals(deleted, changes.get(3).seq());
    assertEquals("t1", changes.get(2).payload().getString("token_id"));
    assertTrue(await(records.deleteDevice("dock")).isEmpty());

    GallerySnapshot snapshot = await(log.snapshot());
    assertTrue(snapshot.devices().isEmpty());
    assertEquals("t1", snapshot.revoked().get(0).tokenId());
    assertEquals("dock", snapshot.revoked().get(0).deviceId());
  }
}
