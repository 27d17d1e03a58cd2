package io.facegate.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.cli.ImportCommand;
import io.facegate.store.EmbeddingCodec;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code import --server}: an export streamed into a running central, in batches, reaches its door
 * like any enrollment; bad input is refused with what was stored before it.
 */
@E2eTier
@Tag("postgres")
class FleetImportTest {
  private static final int SYNTHETIC = 2_500;

  @TempDir static Path centralDir;
  @TempDir static Path doorDir;
  @TempDir static Path work;
  static LocalFleet fleet;
  static ApiClient atCentral;
  static ApiClient atDoor;
  static String modelId;

  @BeforeAll
  static void startFleet() {
    fleet = LocalFleet.start(centralDir, doorDir, Map.of());
    atCentral = fleet.central.client(Role.ADMIN);
    atDoor = fleet.door().client(Role.ADMIN);
    modelId = embedding("people/obama/obama.jpg").getString("model_id");
  }

  @AfterAll
  static void stopFleet() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void importedPeopleAreIdentifiedAtTheDoor() throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(line("obama", "people/obama/obama.jpg"));
    synthetic("synthetic", SYNTHETIC / 2).forEach(lines::add);
    // The same person twice in one batch: the second line adds an embedding.
    lines.add(line("obama", "people/obama/obama2.jpg"));
    synthetic("later", SYNTHETIC - SYNTHETIC / 2).forEach(lines::add);
    lines.add(line("biden", "people/biden/biden.jpg"));
    Path file = work.resolve("people.jsonl");
    Files.writeString(file, String.join("\n", lines)); // no newline after the last line

    assertEquals(
        0, importCommand("--in", file.toString(), "--token", fleet.central.token(Role.ADMIN)));

    long head = atCentral.get("/admin/replicas").bodyAsJsonObject().getLong("seq");
    // Each read waits up to 2 s for the door's replica; a busy machine may need a few.
    long deadline = System.nanoTime() + 60_000_000_000L;
    HttpResponse<Buffer> biden = atDoor.get("/users/biden?min_seq=" + head);
    while (biden.statusCode() == 503 && System.nanoTime() < deadline) {
      biden = atDoor.get("/users/biden?min_seq=" + head);
    }
    assertEquals(200, biden.statusCode(), biden.bodyAsString());
    assertEquals(2, atDoor.get("/users/obama").bodyAsJsonObject().getInteger("embeddings"));
    assertEquals(
        "obama",
        atDoor
            .identify(TestPhotos.path("people/obama/obama1.jpg"))
            .bodyAsJsonObject()
            .getString("username"));
    assertEquals(
        "biden",
        atDoor
            .identify(TestPhotos.path("people/biden/biden2.jpg"))
            .bodyAsJsonObject()
            .getString("username"));
    JsonObject door = atDoor.get("/admin/consistency").bodyAsJsonObject();
    assertTrue(door.getBoolean("consistent"), door.encode());
    assertEquals(SYNTHETIC + 3, door.getInteger("store_embeddings"), door.encode());
  }

  @Test
  void aBadLineStopsTheImportAfterTheBatchesBeforeIt() {
    List<String> lines = new ArrayList<>(synthetic("batch", 1_000));
    lines.add("{not json");
    lines.addAll(synthetic("after", 5));
    HttpResponse<Buffer> refused = post("application/x-ndjson", String.join("\n", lines));
    assertEquals(400, refused.statusCode(), refused.bodyAsString());
    JsonObject error = refused.bodyAsJsonObject();
    assertEquals("BAD_REQUEST", error.getString("error"));
    assertTrue(error.getString("message").startsWith("line 1001 "), error.encode());
    assertEquals(1_000, error.getInteger("imported_people"));
    assertEquals(200, atCentral.get("/users/batch999").statusCode(), "the batch before is stored");
    assertEquals(404, atCentral.get("/users/after0").statusCode(), "nothing after the bad line");
  }

  @Test
  void embeddingsThisCentralCouldNeverMatchAreRefused() {
    JsonObject other = new JsonObject(line("other", "people/obama/obama.jpg"));
    other.getJsonArray("embeddings").getJsonObject(0).put("model_id", "another-model@0");
    assertRefused(post("application/x-ndjson", other.encode()), 400, "could never match");

    JsonObject shorter = new JsonObject(line("shorter", "people/obama/obama.jpg"));
    shorter
        .getJsonArray("embeddings")
        .getJsonObject(0)
        .put("vector", base64(new float[] {1, 0, 0}));
    assertRefused(post("application/x-ndjson", shorter.encode()), 400, "3 numbers");

    JsonObject badName = new JsonObject(line("no spaces", "people/obama/obama.jpg"));
    assertRefused(post("application/x-ndjson", badName.encode()), 400, "username");
    assertEquals(404, atCentral.get("/users/other").statusCode());
  }

  @Test
  void otherBodiesAndServersAreRefused() {
    assertRefused(post("application/json", "{}"), 415, "x-ndjson");
    String huge = "{\"username\":\"x\",\"display_name\":\"" + "a".repeat(1 << 20) + "\"}";
    assertRefused(post("application/x-ndjson", huge), 413, "longer than");
    assertRefused(
        atDoor.post(
            "/admin/import", "application/x-ndjson", line("door", "people/obama/obama.jpg")),
        409,
        "follower");

    assertEquals(2, importCommand("--in", work.resolve("missing.jsonl").toString()));
  }

  /** {@code import --server <the central> ARGS}, as the jar runs it; its exit code. */
  private static int importCommand(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", "http://127.0.0.1:" + fleet.central.port()));
    return new CommandLine(new ImportCommand()).execute(all.toArray(String[]::new));
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String says) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertTrue(
        response.bodyAsJsonObject().getString("message").contains(says), response.bodyAsString());
  }

  private static HttpResponse<Buffer> post(String type, String body) {
    return atCentral.post("/admin/import", type, body);
  }

  /** An export line for one photo's embedding, as the central computes it. */
  private static String line(String username, String photo) {
    JsonObject embedded = embedding(photo);
    JsonArray vector = embedded.getJsonArray("embedding");
    float[] v = new float[vector.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = vector.getFloat(i);
    }
    return person(username, v);
  }

  private static JsonObject embedding(String photo) {
    HttpResponse<Buffer> embedded =
        atCentral.postFiles("/embed", Map.of("image", TestPhotos.path(photo)));
    assertEquals(200, embedded.statusCode(), embedded.bodyAsString());
    return embedded.bodyAsJsonObject();
  }

  private static List<String> synthetic(String prefix, int count) {
    Vectors vectors = new Vectors(prefix.hashCode());
    List<String> lines = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      lines.add(person(prefix + i, io.facegate.vision.Vectors.normalize(vectors.next())));
    }
    return lines;
  }

  private static String person(String username, float[] vector) {
    return new JsonObject()
        .put("username", username)
        .put("display_name", null)
        .put(
            "embeddings",
            new JsonArray()
                .add(new JsonObject().put("model_id", modelId).put("vector", base64(vector))))
        .encode();
  }

  private static String base64(float[] vector) {
    return Base64.getEncoder().encodeToString(EmbeddingCodec.encode(vector));
  }
}
