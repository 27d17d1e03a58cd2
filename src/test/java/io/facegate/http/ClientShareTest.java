package io.facegate.http;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.SharedFaces;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With rate limiting on, one client (token subject) may hold one inference slot of four here: a
 * device firing photos in parallel hears 429 RATE_LIMITED (its own doing), never 503 (the server's).
 * The rate itself is set high so only the concurrency share can refuse.
 */
class ClientShareTest {
  @TempDir
  static Path dataDir;
  static TestServer server;
  static final byte[] FRAME = SharedFaces.bytes("people/obama/obama-480p.jpg");

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.config(dataDir).with("max_queue", 4).with("rate_limit_per_second", 1000)
        .with("rate_limit_burst", 1000).with("rate_limit_concurrent", 1));
    assertEquals(201, server.client(Role.ADMIN).register("obama", SharedFaces.path("people/obama/obama.jpg"))
        .statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aClientFiringInParallelIsToldToSlowDownNotThatTheServerIsFull() {
    ApiClient device = server.client(Role.VERIFY);
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      MultipartForm form = MultipartForm.create().attribute("mode", "id")
          .binaryFileUpload("image", "frame.jpg", Buffer.buffer(FRAME), "image/jpeg");
      burst.add(device.request(HttpMethod.POST, "/verify").sendMultipartForm(form));
    }
    int ok = 0;
    int limited = 0;
    for (Future<HttpResponse<Buffer>> f : burst) {
      HttpResponse<Buffer> r = TestServer.await(f);
      if (r.statusCode() == 200) {
        ok++;
      } else {
        assertEquals(429, r.statusCode(), r.bodyAsString());
        assertEquals("RATE_LIMITED", r.bodyAsJsonObject().getString("error"));
        assertEquals("1", r.getHeader("Retry-After"));
        limited++;
      }
    }
    assertTrue(ok >= 1 && limited >= 1, ok + " answered, " + limited + " limited");
  }
}
