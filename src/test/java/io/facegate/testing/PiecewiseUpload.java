package io.facegate.testing;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A multipart POST over a raw socket, its body sent in pieces with a pause before each, so that the
 * server reads every piece apart (what a slow or far client makes happen by chance). Between pieces
 * {@link #send} runs the caller's step, e.g. a write that lets the server go on.
 */
public final class PiecewiseUpload {
  public static final String BOUNDARY = "piecewise-boundary";

  /** The status and JSON body of an answer. */
  public record Answer(int status, JsonObject json) {}

  private final int port;
  private final String token;

  public PiecewiseUpload(int port, String token) {
    this.port = port;
    this.token = token;
  }

  /** A text field as a part of a multipart body with {@link #BOUNDARY}. */
  public static String field(String name, String value) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  /** The closing delimiter of such a body. */
  public static String end() {
    return "--" + BOUNDARY + "--\r\n";
  }

  /** POST {@code path} on a fresh connection, {@code body} cut at {@code cuts}. */
  public Answer send(String path, byte[] body, int... cuts)
      throws IOException, InterruptedException {
    return send(path, body, () -> {}, cuts);
  }

  /** As {@link #send(String, byte[], int...)}, running {@code between} after the first piece. */
  public Answer send(String path, byte[] body, Step between, int... cuts)
      throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(
          ascii(
              "POST "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                  + "Authorization: Bearer "
                  + token
                  + "\r\nContent-Type: multipart/form-data; boundary="
                  + BOUNDARY
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n"));
      int from = 0;
      for (int i = 0; i <= cuts.length; i++) {
        int to = i < cuts.length ? cuts[i] : body.length;
        out.flush();
        Thread.sleep(20); // the server reads what came so far before the next piece arrives
        out.write(body, from, to - from);
        if (i == 0) {
          out.flush();
          between.run();
        }
        from = to;
      }
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return new Answer(
          Integer.parseInt(answer.substring(9, 12)),
          new JsonObject(answer.substring(answer.indexOf("\r\n\r\n") + 4)));
    }
  }

  /** What runs between the first piece and the rest. */
  @FunctionalInterface
  public interface Step {
    void run() throws IOException, InterruptedException;
  }

  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
