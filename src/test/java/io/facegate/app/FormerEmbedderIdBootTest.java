package io.facegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.facegate.vision.FacePipeline;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gallery enrolled with an earlier conversion of the same embedder (listed as formerSha256 in the
 * models' manifest) boots and identifies, its embeddings relabeled, instead of being refused as
 * another model's.
 */
@E2eTier
class FormerEmbedderIdBootTest {
  @TempDir Path dir;

  @Test
  void embeddingsUnderTheFormerIdAreAdoptedAtBoot() throws Exception {
    String current;
    try (TestServer server = TestServer.start(dir)) {
      assertEquals(
          201,
          server
              .client(Role.ADMIN)
              .register("obama", TestPhotos.path("people/obama/obama.jpg"))
              .statusCode());
      current = FacePipeline.embedderId(server.config().pipeline().models());
    }
    List<String> former =
        FacePipeline.formerEmbedderIds(TestServer.config(dir).pipeline().models());
    assertFalse(former.isEmpty(), "the shipped manifest lists the conversion before PReLU fusion");
    sql("UPDATE embeddings SET model_id = '" + former.get(0) + "'");
    assertEquals(former.subList(0, 1), modelIds());

    try (TestServer server =
        TestServer.start(dir)) { // on_model_mismatch is refuse: a foreign id would stop this
      JsonObject answer =
          server
              .client(Role.ADMIN)
              .identify(TestPhotos.path("people/obama/obama2.jpg"))
              .bodyAsJsonObject();
      assertEquals("obama", answer.getString("username"), answer.encode());
    }
    assertEquals(List.of(current), modelIds());
  }

  private void sql(String update) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("facegate.db"));
        Statement st = c.createStatement()) {
      st.executeUpdate(update);
    }
  }

  private List<String> modelIds() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("facegate.db"));
        Statement st = c.createStatement();
        ResultSet rows = st.executeQuery("SELECT DISTINCT model_id FROM embeddings")) {
      List<String> ids = new java.util.ArrayList<>();
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
      return ids;
    }
  }
}
