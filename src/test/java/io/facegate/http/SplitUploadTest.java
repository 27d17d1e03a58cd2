package io.facegate.http;

import static io.facegate.testing.PiecewiseUpload.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.PiecewiseUpload;
import io.facegate.testing.TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body reaches the handlers the same however TCP cuts it: a client sends the head, then the body
 * in pieces with pauses between them (so the server reads each piece apart), through the real
 * router with a real token.
 */
@E2eTier
class SplitUploadTest {
  @TempDir Path dataDir;

  @Test
  void aTextFieldSurvivesEveryCutOfItsPart() throws IOException, InterruptedException {
    String modePart = PiecewiseUpload.field("mode", "id");
    byte[] body = ascii(modePart + PiecewiseUpload.end());
    List<String> wrong = new ArrayList<>();
    try (TestServer server = TestServer.start(dataDir)) {
      PiecewiseUpload client = new PiecewiseUpload(server.port(), server.token(Role.VERIFY));
      for (int cut = 1; cut <= modePart.length() + 2; cut++) {
        PiecewiseUpload.Answer answer = client.send("/verify", body, cut);
        // The mode is read before the image is looked for: without one, a well-read mode says so.
        if (answer.status() != 400
            || !answer.json().getString("message").startsWith("send exactly one image")) {
          wrong.add("cut at " + cut + ": " + answer);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }
}
