package io.facegate.cli;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.store.Database;
import io.facegate.store.PeopleStore;
import io.facegate.store.PeopleTransfer;
import io.facegate.store.Snapshots;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips through backup/restore and export/import give back the same people and scores. */
@E2eTier
class BackupAndTransferTest {
  private static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  private static final Path BIDEN = TestPhotos.path("people/biden/biden.jpg");
  private static final Path ROSE = TestPhotos.path("people/rose_leslie/img1.jpg");

  @TempDir Path dir;

  @Test
  void backupWhileServingThenRestoreGivesBackThePeopleOfThatMoment() throws Exception {
    Path data = dir.resolve("data");
    Path backup = dir.resolve("facegate-backup.db");
    TestServer server = TestServer.start(data);
    double score;
    try {
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(201, admin.register("obama", OBAMA).statusCode());
      assertEquals(201, admin.register("biden", BIDEN).statusCode());
      score = admin.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getDouble("score");

      Snapshots.backup(data, backup);
      assertEquals(201, admin.register("rose", ROSE).statusCode()); // after the backup: not in it
      IllegalStateException running =
          assertThrows(IllegalStateException.class, () -> Snapshots.restore(data, backup));
      assertTrue(
          running.getMessage().contains("in use by a running facegate"), running.getMessage());
      assertThrows(
          IllegalArgumentException.class, () -> Snapshots.backup(data, backup), "never overwrites");
    } finally {
      server.close();
    }

    Path kept = Snapshots.restore(data, backup);
    assertTrue(Files.isRegularFile(kept), "the replaced database is kept");
    server = TestServer.start(server.config());
    try {
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(List.of("biden", "obama"), usernames(admin));
      assertEquals(score, admin.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getDouble("score"));
      assertTrue(admin.get("/admin/consistency").bodyAsJsonObject().getBoolean("consistent"));
    } finally {
      server.close();
    }
  }

  @Test
  void restoreRefusesAFileThatIsNotAnIntactBackup() throws Exception {
    Path garbage = dir.resolve("not-a-backup.db");
    Files.write(garbage, new byte[8192]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Snapshots.restore(dir.resolve("data"), garbage));
    assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());
    assertTrue(
        Files.notExists(dir.resolve("data").resolve(Database.FILE_NAME)), "nothing was replaced");
  }

  @Test
  void exportThenImportIntoAnEmptyDirGivesTheSameScoresAndProfiles() throws Exception {
    Path exported = dir.resolve("people.jsonl");
    JsonObject before;
    JsonObject obamaBefore;
    TestServer source = TestServer.start(dir.resolve("source"));
    try {
      ApiClient admin = source.client(Role.ADMIN);
      assertEquals(
          201,
          admin.register("obama", OBAMA, TestPhotos.path("people/obama/obama2.jpg")).statusCode());
      assertEquals(201, admin.register("biden", BIDEN).statusCode());
      JsonObject profile =
          new JsonObject()
              .put("display_name", "Barack Obama")
              .put("metadata", new JsonObject().put("badge", 44).put("team", "ops"))
              .put("groups", new io.vertx.core.json.JsonArray().add("staff").add("night"))
              .put("valid_until", "2030-01-20T17:00:00Z");
      assertEquals(
          200,
          TestServer.await(
                  admin
                      .request(io.vertx.core.http.HttpMethod.PATCH, "/users/obama")
                      .sendJsonObject(profile))
              .statusCode());
      obamaBefore = admin.get("/users/obama").bodyAsJsonObject();
      before = admin.auth("obama", OBAMA_PROBE).bodyAsJsonObject();
      assertEquals(
          2, PeopleTransfer.export(source.config().storage().dataDir(), exported)); // while serving
      assertThrows(
          IllegalArgumentException.class,
          () -> PeopleTransfer.export(source.config().storage().dataDir(), exported),
          "never overwrites");
    } finally {
      source.close();
    }

    Path target = dir.resolve("target");
    ImportCommand command = new ImportCommand();
    command.in = exported;
    assertEquals(0, command.run(TestServer.config(target)));
    TestServer copy = TestServer.start(target);
    try {
      ApiClient admin = copy.client(Role.ADMIN);
      assertEquals(List.of("biden", "obama"), usernames(admin));
      JsonObject obama = admin.get("/users/obama").bodyAsJsonObject();
      assertEquals(2, obama.getInteger("embeddings"));
      for (String key : List.of("display_name", "metadata", "groups", "valid_until")) {
        assertEquals(obamaBefore.getValue(key), obama.getValue(key), key);
      }
      assertEquals("2030-01-20T17:00:00Z", obama.getString("valid_until"));
      JsonObject biden = admin.get("/users/biden").bodyAsJsonObject();
      assertEquals(List.of(), biden.getJsonArray("groups").getList());
      assertNull(biden.getValue("metadata"));
      assertNull(biden.getValue("valid_until"));
      assertEquals(
          before.getDouble("score"),
          admin.auth("obama", OBAMA_PROBE).bodyAsJsonObject().getDouble("score"));
    } finally {
      copy.close();
    }
  }

  @Test
  void importRefusesAnotherModelsEmbeddingsUnlessForced() throws Exception {
    Path source = dir.resolve("source");
    Vertx vertx = Vertx.vertx();
    Database db = await(Database.open(vertx, source));
    await(
        new PeopleStore(db).enroll("ann", null, List.of(new float[] {1, 0, 0}), "another-model@0"));
    await(db.close());
    await(vertx.close());
    Path exported = dir.resolve("people.jsonl");
    PeopleTransfer.export(source, exported);

    Path target = dir.resolve("target");
    ImportCommand command = new ImportCommand();
    command.in = exported;
    assertEquals(2, command.run(TestServer.config(target)));
    assertTrue(Files.notExists(target.resolve(Database.FILE_NAME)), "nothing was imported");
    command.force = true;
    assertEquals(0, command.run(TestServer.config(target)));
  }

  @Test
  void commandsSayWhatIsWrongWithTheirFiles() throws Exception {
    Path empty = dir.resolve("empty");
    IllegalArgumentException noDb =
        assertThrows(
            IllegalArgumentException.class, () -> Snapshots.backup(empty, dir.resolve("b.db")));
    assertTrue(noDb.getMessage().contains("no database at"), noDb.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PeopleTransfer.export(empty, dir.resolve("p.jsonl")));

    Path older = dir.resolve("older.jsonl");
    Files.writeString(
        older,
        "{\"username\":\"ann\",\"display_name\":\"Ann\",\"embeddings\":[{\"model_id\":\"m@0\","
            + "\"vector\":\"AACAPwAAAAA=\"}]}\n");
    PeopleTransfer.Person ann = PeopleTransfer.read(older).get(0);
    assertEquals("Ann", ann.displayName());
    assertNull(ann.profile(), "an export without profile keys leaves the profile alone");

    Path bad = dir.resolve("bad.jsonl");
    Files.writeString(bad, "{\"username\":\"ann\",\"embeddings\":[]}\nnot json\n");
    IllegalArgumentException badLine =
        assertThrows(IllegalArgumentException.class, () -> PeopleTransfer.read(bad));
    assertTrue(badLine.getMessage().contains("line 2"), badLine.getMessage());
  }

  private static List<String> usernames(ApiClient admin) {
    return admin.get("/users").bodyAsJsonObject().getJsonArray("users").stream()
        .map(u -> ((JsonObject) u).getString("username"))
        .toList();
  }
}
