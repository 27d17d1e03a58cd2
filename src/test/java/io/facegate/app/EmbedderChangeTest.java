package io.facegate.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.config.FacegateConfig;
import io.facegate.service.EmbedderCalibration;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changing the embedder without stored crops: the server refuses the old gallery, or with
 * ignore-old serves only people with an embedding of the new model (re-enrolled), each decided with
 * the new model's own calibrated threshold; the two models' scores are never compared.
 */
@E2eTier
class EmbedderChangeTest {
  private static final Path OBAMA = TestPhotos.path("people/obama/obama.jpg");
  private static final Path OBAMA_PROBE = TestPhotos.path("people/obama/obama2.jpg");
  private static final Path BIDEN = TestPhotos.path("people/biden/biden.jpg");

  @TempDir Path dir;

  @Test
  void peopleEnrolledWithTheOldEmbedderWaitForReEnrolment() {
    try (TestServer old = TestServer.start(dir)) {
      assertEquals(201, old.client(Role.ADMIN).register("obama", OBAMA).statusCode());
      assertEquals(201, old.client(Role.ADMIN).register("biden", BIDEN).statusCode());
    }
    FacegateConfig fr = TestServer.config(dir).with("embedder", "fr_feature");

    try (TestServer server = TestServer.start(fr.with("on_model_mismatch", "ignore-old"))) {
      double calibrated =
          EmbedderCalibration.forModel(
                  server
                      .config()
                      .pipeline()
                      .embedder()
                      .modelId(server.config().pipeline().models()),
                  List.of())
              .authThreshold();
      var before = server.client(Role.ADMIN).auth("obama", OBAMA_PROBE);
      assertEquals(404, before.statusCode(), "only old-model embeddings: " + before.bodyAsString());
      assertEquals("USER_NOT_FOUND", before.bodyAsJsonObject().getString("error"));
      JsonObject nobody = server.client(Role.ADMIN).identify(OBAMA_PROBE).bodyAsJsonObject();
      assertFalse(nobody.getBoolean("match"), "no fr_feature embedding yet: " + nobody.encode());

      assertEquals(201, server.client(Role.ADMIN).register("obama", OBAMA).statusCode());
      JsonObject after = server.client(Role.ADMIN).auth("obama", OBAMA_PROBE).bodyAsJsonObject();
      assertTrue(after.getBoolean("match"), after.encode());
      assertEquals(calibrated, after.getDouble("threshold"), 1e-9, "fr_feature's own threshold");
      JsonObject named = server.client(Role.ADMIN).identify(OBAMA_PROBE).bodyAsJsonObject();
      assertEquals("obama", named.getString("username"), named.encode());
      JsonObject stillOld = server.client(Role.ADMIN).identify(BIDEN).bodyAsJsonObject();
      assertFalse(stillOld.getBoolean("match"), "biden is not re-enrolled: " + stillOld.encode());
    }

    // The default refuses a gallery holding another model's embeddings (biden's).
    Exception refused = assertThrows(Exception.class, () -> TestServer.start(fr).close());
    assertTrue(
        String.valueOf(refused.getMessage()).contains("on_model_mismatch=ignore-old"),
        String.valueOf(refused.getMessage()));
  }
}
