package io.facegate.cli;

import static io.facegate.testing.TestServer.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.app.FacegateServer;
import io.facegate.auth.Role;
import io.facegate.config.FacegateConfig;
import io.facegate.index.DotProduct;
import io.facegate.store.CropVault;
import io.facegate.store.Database;
import io.facegate.store.EmbeddingCodec;
import io.facegate.testing.ApiClient;
import io.facegate.testing.Bytes;
import io.facegate.testing.E2eTier;
import io.facegate.testing.Models;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.facegate.vision.FacePipeline;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opt-in encrypted crop store: what registration seals, who can open it, and re-embedding from
 * it.
 */
@E2eTier
class CropStoreTest {
  private static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  private static final Path OBAMA_2 = TestPhotos.path("people/obama/obama2.jpg");
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama3.jpg");
  private static final Path BIDEN = TestPhotos.path("people/biden/biden.jpg");
  private static final Path KIT = TestPhotos.path("people/kit_harington/john1.jpeg");
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

  @TempDir Path dir;

  @Test
  void registrationSealsOneCropPerEmbeddingThatOnlyTheKeyOpensAndDeleteRemovesThem()
      throws Exception {
    Path data = dir.resolve("data");
    Path key = keyFile("crop.key");
    try (TestServer server =
        TestServer.start(TestServer.config(data).with("crop_store_key_file", key.toString()))) {
      ApiClient admin = server.client(Role.ADMIN);
      assertEquals(201, admin.register("obama", OBAMA, OBAMA_2).statusCode());
      assertEquals(201, admin.register("biden", BIDEN).statusCode());

      Map<Long, float[]> vectors = vectors(data);
      Map<Long, CropVault.Sealed> crops = crops(data);
      assertEquals(vectors.keySet(), crops.keySet(), "one crop per embedding");
      assertEquals(3, crops.size());

      CropVault vault = CropVault.fromKeyFile(key);
      FacePipeline pipeline = Models.pipeline();
      for (Map.Entry<Long, CropVault.Sealed> crop : crops.entrySet()) {
        byte[] png = vault.open(crop.getKey(), crop.getValue());
        assertArrayEquals(PNG, Arrays.copyOf(png, PNG.length));
        try (Mat aligned = pipeline.decode(png)) {
          assertEquals(112, aligned.cols());
          assertEquals(112, aligned.rows());
          float[] again = pipeline.embedAligned(List.of(aligned))[0];
          double cosine = DotProduct.dot(again, vectors.get(crop.getKey()));
          assertTrue(cosine > 0.999, "the crop embeds to the stored vector: " + cosine);
        }
      }
      long someId = crops.keySet().iterator().next();
      CropVault wrong = CropVault.fromKeyFile(keyFile("wrong.key"));
      IllegalStateException refused =
          assertThrows(IllegalStateException.class, () -> wrong.open(someId, crops.get(someId)));
      assertTrue(
          refused.getMessage().contains("not the key it was stored with"), refused.getMessage());

      assertEquals(List.of(), filesHoldingImages(data), "only ciphertext reaches the data dir");

      assertEquals(204, admin.delete("/users/obama").statusCode());
      assertEquals(1, crops(data).size(), "obama's crops went with his embeddings");
    }
  }

  @Test
  void withTheStoreOffNoCropIsKept() throws Exception {
    Path data = dir.resolve("data");
    try (TestServer server = TestServer.start(data)) {
      assertEquals(201, server.client(Role.ADMIN).register("obama", OBAMA).statusCode());
      assertEquals(0, crops(data).size());
    }
  }

  @Test
  void aMissingOrShortKeyFileStopsTheStart() throws Exception {
    Path shortKey =
        Files.writeString(
            dir.resolve("short.key"), Base64.getEncoder().encodeToString(new byte[16]));
    for (Path key : List.of(dir.resolve("absent.key"), shortKey)) {
      FacegateConfig config =
          TestServer.config(dir.resolve("data")).with("crop_store_key_file", key.toString());
      Exception e = assertThrows(Exception.class, () -> await(FacegateServer.start(config)));
      assertTrue(
          e.getMessage().contains("crop_store_key_file " + key.toAbsolutePath()), e.getMessage());
    }
  }

  @Test
  void reembedTurnsOldModelEmbeddingsWithCropsIntoCurrentOnesAndNamesThoseWithout()
      throws Exception {
    Path data = dir.resolve("data");
    FacegateConfig withCrops =
        TestServer.config(data).with("crop_store_key_file", keyFile("crop.key").toString());
    try (TestServer server = TestServer.start(data)) { // before the store was turned on: no crop
      assertEquals(201, server.client(Role.ADMIN).register("kit", KIT).statusCode());
    }
    try (TestServer server = TestServer.start(withCrops)) {
      assertEquals(201, server.client(Role.ADMIN).register("obama", OBAMA, OBAMA_2).statusCode());
      IllegalStateException running =
          assertThrows(IllegalStateException.class, () -> new ReembedCommand().run(withCrops));
      assertTrue(
          running.getMessage().contains("in use by a running facegate"), running.getMessage());
    }
    // As if the embedder had changed: every row claims an old model and holds a meaningless vector.
    execute(
        data,
        "UPDATE embeddings SET model_id = 'mobilefacenet@old', vector = zeroblob(length(vector))");

    String report = stdoutOf(() -> new ReembedCommand().run(withCrops));
    assertTrue(
        report.contains("re-embedded 2 embeddings with " + Models.pipeline().modelId()), report);
    assertTrue(
        report.contains(
            "1 people have embeddings of another model and no stored crop; re-enroll them: kit"),
        report);
    assertEquals(
        List.of("mobilefacenet@old", Models.pipeline().modelId(), Models.pipeline().modelId()),
        modelIds(data));

    try (TestServer server = TestServer.start(withCrops.with("on_model_mismatch", "ignore-old"))) {
      var verdict = server.client(Role.ADMIN).auth("obama", OBAMA_PROBE).bodyAsJsonObject();
      assertTrue(verdict.getBoolean("match"), verdict.encode());
    }
  }

  @Test
  void reembedWithoutAKeyIsRefused() {
    FacegateConfig config = TestServer.config(dir.resolve("data"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ReembedCommand().run(config));
    assertTrue(e.getMessage().contains("needs crop_store_key_file"), e.getMessage());
  }

  private Path keyFile(String name) throws Exception {
    byte[] key = new byte[CropVault.KEY_BYTES];
    new SecureRandom().nextBytes(key);
    return Files.writeString(dir.resolve(name), Base64.getEncoder().encodeToString(key));
  }

  private interface Action {
    void run() throws Exception;
  }

  private static String stdoutOf(Action action) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** A PNG signature anywhere (8 bytes: not found by chance), or a file starting like a JPEG. */
  private static List<Path> filesHoldingImages(Path data) throws Exception {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(data)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        byte[] bytes = Files.readAllBytes(file);
        if (Bytes.indexOf(bytes, PNG) >= 0 || Bytes.startsWith(bytes, JPEG)) {
          found.add(file);
        }
      }
    }
    return found;
  }

  private static Connection open(Path data) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sqlite:" + data.resolve(Database.FILE_NAME).toAbsolutePath());
  }

  private static void execute(Path data, String sql) throws SQLException {
    try (Connection conn = open(data);
        Statement st = conn.createStatement()) {
      st.executeUpdate(sql);
    }
  }

  private static Map<Long, float[]> vectors(Path data) throws SQLException {
    Map<Long, float[]> vectors = new HashMap<>();
    try (Connection conn = open(data);
        Statement st = conn.createStatement();
        ResultSet rows = st.executeQuery("SELECT id, vector FROM embeddings")) {
      while (rows.next()) {
        vectors.put(rows.getLong(1), EmbeddingCodec.decode(rows.getBytes(2)));
      }
    }
    return vectors;
  }

  private static Map<Long, CropVault.Sealed> crops(Path data) throws SQLException {
    Map<Long, CropVault.Sealed> crops = new HashMap<>();
    try (Connection conn = open(data);
        Statement st = conn.createStatement();
        ResultSet rows = st.executeQuery("SELECT embedding_id, nonce, ciphertext FROM crops")) {
      while (rows.next()) {
        crops.put(rows.getLong(1), new CropVault.Sealed(rows.getBytes(2), rows.getBytes(3)));
      }
    }
    return crops;
  }

  private static List<String> modelIds(Path data) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Connection conn = open(data);
        Statement st = conn.createStatement();
        ResultSet rows = st.executeQuery("SELECT model_id FROM embeddings ORDER BY id")) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    return ids;
  }
}
