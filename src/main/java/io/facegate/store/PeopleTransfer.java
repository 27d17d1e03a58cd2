package io.facegate.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * People and their embeddings as JSON lines, for moving them between devices whatever the database
 * version: one person per line, {@code {"username", "display_name", "metadata", "groups",
 * "valid_until", "embeddings": [{"model_id", "vector"}]}}, each vector base64 of its stored float32
 * little-endian bytes (bit-exact). Lines of older exports, without the profile keys, still import.
 */
public final class PeopleTransfer {
  private PeopleTransfer() {}

  /**
   * One person read from an export; {@code profile} null for a line of an older export that carries
   * only the display name ({@code displayName}).
   */
  public record Person(
      String username,
      String displayName,
      Profile profile,
      List<String> modelIds,
      List<float[]> vectors) {}

  /**
   * Writes every person to {@code out} (which must not exist) from one read transaction, so it runs
   * beside a serving server and is consistent. Returns how many people were written.
   */
  public static int export(Path dataDir, Path out) throws SQLException, IOException {
    Path db = Snapshots.existingDatabase(dataDir);
    if (Files.exists(out)) {
      throw new IllegalArgumentException(
          out + " already exists; an export never overwrites a file");
    }
    int people = 0;
    try (Connection conn =
            DriverManager.getConnection("jdbc:sqlite:file:" + db.toAbsolutePath() + "?mode=ro");
        Statement st = conn.createStatement();
        ResultSet rows =
            st.executeQuery(
                "SELECT p.username, p.display_name, p.metadata, p.groups_json, p.valid_until, "
                    + "e.model_id, e.vector FROM people p "
                    + "JOIN embeddings e ON e.person_id = p.id ORDER BY p.username, e.id");
        BufferedWriter writer =
            Files.newBufferedWriter(out, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
      JsonObject person = null;
      while (rows.next()) {
        String username = rows.getString(1);
        if (person == null || !person.getString("username").equals(username)) {
          people += writeLine(writer, person);
          String metadata = rows.getString(3);
          person =
              new JsonObject()
                  .put("username", username)
                  .put("display_name", rows.getString(2))
                  .put("metadata", metadata == null ? null : new JsonObject(metadata))
                  .put("groups", new JsonArray(rows.getString(4)))
                  .put("valid_until", rows.getString(5))
                  .put("embeddings", new JsonArray());
        }
        person
            .getJsonArray("embeddings")
            .add(
                new JsonObject()
                    .put("model_id", rows.getString(6))
                    .put("vector", Base64.getEncoder().encodeToString(rows.getBytes(7))));
      }
      people += writeLine(writer, person);
    }
    return people;
  }

  private static int writeLine(BufferedWriter writer, JsonObject person) throws IOException {
    if (person == null) {
      return 0;
    }
    writer.write(person.encode());
    writer.newLine();
    return 1;
  }

  /** Reads a whole export, so a bad line is reported before anything is imported. */
  public static List<Person> read(Path in) throws IOException {
    List<Person> people = new ArrayList<>();
    try (BufferedReader reader = Files.newBufferedReader(in, StandardCharsets.UTF_8)) {
      int number = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        number++;
        if (!line.isBlank()) {
          people.add(parse(line, in, number));
        }
      }
    }
    return people;
  }

  private static Person parse(String line, Path in, int number) {
    try {
      return parseLine(line);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(in + " line " + number + " " + e.getMessage(), e);
    }
  }

  /** One line of an export; IllegalArgumentException saying what is wrong with it. */
  public static Person parseLine(String line) {
    try {
      JsonObject json = new JsonObject(line);
      List<String> models = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (Object e : json.getJsonArray("embeddings")) {
        JsonObject embedding = (JsonObject) e;
        models.add(Objects.requireNonNull(embedding.getString("model_id"), "model_id"));
        vectors.add(
            EmbeddingCodec.decode(Base64.getDecoder().decode(embedding.getString("vector"))));
      }
      String displayName = json.getString("display_name");
      return new Person(
          Objects.requireNonNull(json.getString("username"), "username"),
          displayName,
          json.containsKey("groups") ? profile(json, displayName) : null,
          models,
          vectors);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("is not a facegate export line: " + e.getMessage(), e);
    }
  }

  private static Profile profile(JsonObject json, String displayName) {
    String validUntil = json.getString("valid_until");
    return new Profile(
        displayName,
        json.getJsonObject("metadata"),
        json.getJsonArray("groups").stream().map(g -> (String) g).toList(),
        validUntil == null ? null : Instant.parse(validUntil));
  }

  /** The model ids in {@code people} other than {@code modelId}. */
  public static Set<String> otherModels(List<Person> people, String modelId) {
    Set<String> others = new TreeSet<>();
    people.forEach(p -> p.modelIds().stream().filter(m -> !m.equals(modelId)).forEach(others::add));
    return others;
  }

  /**
   * Enrolls each person, one transaction per person and model, adding to anyone already there, then
   * gives them the exported profile (metadata, groups, valid_until; the display name when the
   * export has one). Runs one person at a time: SQLite has one writer anyway.
   */
  public static Future<Void> importInto(PeopleStore store, List<Person> people) {
    Future<Void> chain = Future.succeededFuture();
    for (Person person : people) {
      Map<String, List<float[]>> byModel = new LinkedHashMap<>();
      for (int i = 0; i < person.vectors().size(); i++) {
        byModel
            .computeIfAbsent(person.modelIds().get(i), m -> new ArrayList<>())
            .add(person.vectors().get(i));
      }
      for (Map.Entry<String, List<float[]>> group : byModel.entrySet()) {
        chain =
            chain
                .compose(
                    v ->
                        store.enroll(
                            person.username(),
                            person.displayName(),
                            group.getValue(),
                            group.getKey()))
                .mapEmpty();
      }
      if (person.profile() != null) {
        chain = chain.compose(v -> restoreProfile(store, person).mapEmpty());
      }
    }
    return chain;
  }

  private static Future<?> restoreProfile(PeopleStore store, Person person) {
    Profile exported = person.profile();
    return store.updateProfile(
        person.username(),
        current ->
            new Profile(
                exported.displayName() != null ? exported.displayName() : current.displayName(),
                exported.metadata(),
                exported.groups(),
                exported.validUntil()));
  }
}
