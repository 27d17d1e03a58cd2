package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A body reaches the handlers the same however TCP cuts it: a client sends the head, then the body
 * in pieces with pauses between them (so the server reads each piece apart), through the real
 * router with a real token.
 */
@E2eTier
class SplitUploadTest {
  private static final String BOUNDARY = "split-boundary";
  private static final String MODE_PART =
      "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"mode\"\r\n\r\nid\r\n";

  @TempDir static Path dataDir;
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aTextFieldSurvivesEveryCutOfItsPart() throws IOException, InterruptedException {
    byte[] body = ascii(MODE_PART + "--" + BOUNDARY + "--\r\n");
    List<String> wrong = new ArrayList<>();
    for (int cut = 1; cut <= MODE_PART.length() + 2; cut++) {
      Answer answer = verify(body, cut);
      // The mode is read before the image is looked for: without one, a well-read mode says so.
      if (answer.status() != 400
          || !answer.json().getString("message").startsWith("send exactly one image")) {
        wrong.add("cut at " + cut + ": " + answer);
      }
    }
    assertEquals(List.of(), wrong);
  }

  private record Answer(int status, JsonObject json) {}

  /** POST /verify on a fresh connection, the body sent in pieces cut at {@code cuts}. */
  private static Answer verify(byte[] body, int... cuts) throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(
          ascii(
              "POST /verify HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + "Authorization: Bearer "
                  + server.token(Role.VERIFY)
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + BOUNDARY
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n"));
      int[] edges =
          IntStream.concat(
                  IntStream.concat(IntStream.of(0), IntStream.of(cuts)), IntStream.of(body.length))
              .toArray();
      for (int i = 0; i + 1 < edges.length; i++) {
        out.flush();
        Thread.sleep(20); // the server reads what came so far before the next piece arrives
        out.write(body, edges[i], edges[i + 1] - edges[i]);
      }
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /** The status and JSON body of a response whose connection closes after it. */
  private static Answer read(InputStream in) throws IOException {
    String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    int status = Integer.parseInt(response.substring(9, 12));
    return new Answer(status, new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4)));
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
