package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.Burst;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure with room for one photo request at a time: a concurrent burst gets some 503
 * OVERLOADED answers, everyone else a normal answer, and every slot comes back, including those of
 * clients that hang up mid-upload or mid-inference.
 */
@E2eTier
class OverloadTest {
  @TempDir static Path dataDir;
  static TestServer server;
  static final byte[] FRAME = TestPhotos.bytes("people/obama/obama-480p.jpg");

  @BeforeAll
  static void start() {
    server =
        TestServer.startWithObama(
            TestServer.config(dataDir).with("max_queue", 1).with("rate_limit_per_second", 0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A 1:N request with the 854x480 frame (also used by {@link ClientShareTest}). */
  static Future<HttpResponse<Buffer>> identify(ApiClient client) {
    MultipartForm form =
        MultipartForm.create()
            .attribute("mode", "id")
            .binaryFileUpload("image", "frame.jpg", Buffer.buffer(FRAME), "image/jpeg");
    return client.request(HttpMethod.POST, "/verify").sendMultipartForm(form);
  }

  @Test
  void aBurstAboveTheBoundIsPartlyTurnedAwayAndTheRestAnswered() {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      ApiClient client =
          server.client(Role.VERIFY); // two clients: more connections than one pool opens
      for (int i = 0; i < 5; i++) {
        burst.add(identify(client));
      }
    }
    Burst outcome =
        Burst.tally(
            burst,
            503,
            "OVERLOADED",
            r -> assertEquals("obama", r.bodyAsJsonObject().getString("username")));
    assertTrue(outcome.answered() >= 1 && outcome.refused() >= 1, outcome.toString());
    assertOverloadsNotAudited(outcome.answered());
    awaitInFlight(0);
    assertEquals(
        200,
        TestServer.await(identify(server.client(Role.VERIFY))).statusCode(),
        "the slot is free again");
  }

  @Test
  void aClientHangingUpMidUploadGivesItsSlotBack() {
    String head =
        "POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + server.token(Role.VERIFY)
            + "\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 100000\r\n\r\n"
            + "--xyz\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nid\r\n";
    NetSocket socket = connectAndSend(head.getBytes(StandardCharsets.US_ASCII));
    awaitInFlight(1); // admitted, waiting for the rest of the body
    TestServer.await(socket.close());
    awaitInFlight(0);
    assertEquals(200, TestServer.await(identify(server.client(Role.VERIFY))).statusCode());
  }

  @Test
  void aClientHangingUpMidInferenceGivesItsSlotBackWhenTheWorkEnds() {
    String boundary = "xyz";
    Buffer body =
        Buffer.buffer(
                "--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nid\r\n--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"f.jpg\"\r\n"
                    + "Content-Type: image/jpeg\r\n\r\n")
            .appendBytes(FRAME)
            .appendString("\r\n--" + boundary + "--\r\n");
    Buffer request =
        Buffer.buffer(
                "POST /verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + server.token(Role.VERIFY)
                    + "\r\nContent-Type: multipart/form-data; boundary="
                    + boundary
                    + "\r\nContent-Length: "
                    + body.length()
                    + "\r\n\r\n")
            .appendBuffer(body);
    TestServer.await(connectAndSend(request.getBytes()).close());
    awaitInFlight(0);
    assertEquals(200, TestServer.await(identify(server.client(Role.VERIFY))).statusCode());
  }

  /**
   * Audit rows are written in order after each response; once the answered requests' rows are
   * there, any refusal's would be too. A refusal must not cost a disk write.
   */
  private static void assertOverloadsNotAudited(int answered) {
    ApiClient admin = server.client(Role.ADMIN);
    for (int i = 0; i < 2000; i++) {
      List<String> decisions =
          admin.get("/audit?limit=100").bodyAsJsonObject().getJsonArray("events").stream()
              .map(e -> ((JsonObject) e).getString("decision"))
              .toList();
      assertFalse(decisions.contains("OVERLOADED"), decisions.toString());
      if (decisions.stream().filter("match"::equals).count() >= answered) {
        return;
      }
      Thread.onSpinWait();
    }
    fail("the answered requests never reached the audit log");
  }

  private static NetSocket connectAndSend(byte[] bytes) {
    NetSocket socket =
        TestServer.await(
            server.clientVertx().createNetClient().connect(server.port(), "127.0.0.1"));
    TestServer.await(socket.write(Buffer.buffer(bytes)));
    return socket;
  }

  /**
   * Polls the exported gauge: the release happens on the server's own threads after the client is
   * gone.
   */
  private static void awaitInFlight(int expected) {
    ApiClient anonymous = server.clientWithToken(null);
    double last = Double.NaN;
    for (int i = 0; i < 2000; i++) {
      last = inFlight(anonymous.get("/metrics").bodyAsString());
      if (last == expected) {
        return;
      }
      Thread.onSpinWait();
    }
    fail("in-flight inference requests stayed at " + last);
  }

  private static double inFlight(String prometheus) {
    return prometheus
        .lines()
        .filter(l -> l.startsWith("facegate_inference_in_flight "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no facegate_inference_in_flight gauge"));
  }
}
