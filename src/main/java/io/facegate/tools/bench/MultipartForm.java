package io.facegate.tools.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A multipart/form-data body of text fields and JPEG files, for the HTTP benchmarks' requests. The
 * JDK's HttpClient has no multipart publisher, and a form of a few parts needs no library.
 */
final class MultipartForm {
  private static final String BOUNDARY = "facegate-bench-boundary";
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  static String contentType() {
    return "multipart/form-data; boundary=" + BOUNDARY;
  }

  MultipartForm field(String name, String value) {
    ascii(
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
    return this;
  }

  MultipartForm jpeg(String name, String fileName, byte[] bytes) {
    ascii(
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + fileName
            + "\"\r\nContent-Type: image/jpeg\r\n\r\n");
    body.writeBytes(bytes);
    ascii("\r\n");
    return this;
  }

  byte[] bytes() {
    ByteArrayOutputStream done = new ByteArrayOutputStream();
    done.writeBytes(body.toByteArray());
    done.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return done.toByteArray();
  }

  private void ascii(String text) {
    body.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
