package io.facegate.fleet.follower;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.fleet.ChangeBatch;
import io.facegate.fleet.FeedJson;
import io.facegate.fleet.GalleryChange;
import io.facegate.fleet.GallerySnapshot;
import io.facegate.fleet.ReplicatedEmbedding;
import io.facegate.fleet.ReplicatedProfile;
import io.facegate.fleet.RevokedToken;
import io.facegate.fleet.Vectors;
import io.facegate.store.Database;
import io.facegate.store.Device;
import io.facegate.store.DeviceStore;
import io.facegate.store.PeopleStore;
import io.facegate.store.Person;
import io.facegate.store.Profile;
import io.facegate.testing.FastTier;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles, devices and revocations on a replica: applied in seq order, and reset by a snapshot.
 */
@FastTier
class ReplicaRecordsTest {
  private static final String LINEAGE = "central-1";
  private static final Instant AT = Instant.parse("2026-01-05T10:00:00Z");
  private static final Profile STAFF =
      new Profile("Alice", new JsonObject().put("badge", 7), List.of("staff"), null);

  @TempDir Path dir;

  private final Vectors vectors = new Vectors(17);
  private Vertx vertx;
  private Database db;
  private ReplicaApplier applier;
  private PeopleStore people;
  private DeviceStore devices;

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    db = await(Database.open(vertx, dir));
    applier = new ReplicaApplier(db);
    people = new PeopleStore(db);
    devices = new DeviceStore(db);
  }

  @AfterEach
  void close() {
    await(db.close());
    await(vertx.close());
  }

  private GalleryChange insert(long seq, long id, String username) {
    return new GalleryChange(
        seq, GalleryChange.Op.INSERT, id, username, null, Vectors.MODEL, vectors.next(), AT);
  }

  private static GalleryChange delete(long seq, long id, String username) {
    return new GalleryChange(
        seq, GalleryChange.Op.DELETE, id, username, null, Vectors.MODEL, null, AT);
  }

  private static GalleryChange profile(long seq, String username, Profile p) {
    return new GalleryChange(
        seq,
        GalleryChange.Op.PROFILE,
        0,
        username,
        null,
        null,
        null,
        AT,
        null,
        p == null ? null : FeedJson.profile(p));
  }

  private static GalleryChange device(long seq, Device d) {
    return new GalleryChange(
        seq, GalleryChange.Op.DEVICE, 0, null, null, null, null, AT, d.id(), FeedJson.device(d));
  }

  private static GalleryChange deviceDelete(long seq, String id) {
    return new GalleryChange(
        seq, GalleryChange.Op.DEVICE_DELETE, 0, null, null, null, null, AT, id, null);
  }

  private static GalleryChange revoke(long seq, String deviceId, String tokenId) {
    return new GalleryChange(
        seq,
        GalleryChange.Op.REVOKE,
        0,
        null,
        null,
        null,
        null,
        AT,
        deviceId,
        FeedJson.revoked(new RevokedToken(tokenId, deviceId, AT)));
  }

  private static Device dock(String tokenId) {
    return new Device("dock", List.of("staff"), null, "Europe/Berlin", tokenId, AT);
  }

  private static ChangeBatch batch(GalleryChange... changes) {
    return new ChangeBatch(LINEAGE, List.of(changes), changes[changes.length - 1].seq());
  }

  private Person person(String username) {
    return await(people.find(username)).orElseThrow();
  }

  @Test
  void aProfileLandsAfterTheInsertsThatCreateItsPerson() {
    await(applier.apply(batch(insert(1, 101, "alice"), profile(2, "alice", STAFF))));
    assertEquals(STAFF, person("alice").profile());
  }

  @Test
  void aPersonDeletedAndEnrolledAgainInOneBatchStartsWithAnEmptyProfile() {
    await(applier.apply(batch(insert(1, 101, "alice"), profile(2, "alice", STAFF))));
    await(applier.apply(batch(delete(3, 101, "alice"), insert(4, 102, "alice"))));
    Person again = person("alice");
    assertEquals(List.of(), again.groups(), "the new alice is not in the old one's groups");
    assertNull(again.metadata());
  }

  @Test
  void aBlankedProfileOfALaterDeletedPersonIsSkipped() {
    await(applier.apply(batch(insert(1, 101, "alice"), profile(2, "alice", null))));
    assertEquals(List.of(), person("alice").groups());
  }

  @Test
  void devicesAndRevocationsFollowTheLogAndTellTheDoorsMemory() {
    AppliedBatch created = await(applier.apply(batch(device(1, dock("t1")))));
    assertEquals(List.of(dock("t1")), created.doors().devices());
    assertEquals(List.of(dock("t1")), await(devices.list()));

    AppliedBatch deleted =
        await(applier.apply(batch(revoke(2, "dock", "t1"), deviceDelete(3, "dock"))));
    assertEquals(Set.of("dock"), deleted.doors().removed());
    assertEquals(List.of("t1"), deleted.doors().revokedTokens());
    assertTrue(await(devices.list()).isEmpty());
    assertEquals(List.of("t1"), await(devices.revokedTokenIds()));
  }

  @Test
  void aSnapshotReplacesProfilesAndDevicesAndKeepsEveryRevocation() {
    await(
        applier.apply(
            batch(
                insert(1, 101, "alice"),
                insert(2, 102, "bob"),
                profile(3, "bob", STAFF),
                device(4, dock("t1")),
                revoke(5, "old", "t0"))));
    GallerySnapshot snapshot =
        new GallerySnapshot(
            LINEAGE,
            9,
            List.of(
                new ReplicatedEmbedding(101, "alice", null, Vectors.MODEL, vectors.next()),
                new ReplicatedEmbedding(102, "bob", null, Vectors.MODEL, vectors.next())),
            List.of(new ReplicatedProfile("alice", STAFF)),
            List.of(new Device("gate", null, null, "UTC", "t2", AT)),
            List.of(new RevokedToken("t1", "dock", AT)));

    AppliedBatch reset = await(applier.reset(snapshot));
    assertEquals(STAFF, person("alice").profile());
    assertEquals(new Profile(null, null, List.of(), null), person("bob").profile());
    assertEquals(List.of("gate"), await(devices.list()).stream().map(Device::id).toList());
    assertEquals(Set.of("t0", "t1"), Set.copyOf(await(devices.revokedTokenIds())));
    assertTrue(reset.doors().complete());
    assertEquals(List.of("t1"), reset.doors().revokedTokens());
  }
}
