package io.facegate.tools.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A multipart/form-data body of text fields and one file, as a device sends it. */
final class Multipart {
  static final String BOUNDARY = "facegate-tools-boundary";
  static final String CONTENT_TYPE = "multipart/form-data; boundary=" + BOUNDARY;

  private Multipart() {}

  static byte[] form(Map<String, String> fields, String fileField, String fileName, byte[] file) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(file.length + 512);
    fields.forEach(
        (name, value) ->
            body.writeBytes(
                ascii(
                    "--"
                        + BOUNDARY
                        + "\r\nContent-Disposition: form-data; name=\""
                        + name
                        + "\"\r\n\r\n"
                        + value
                        + "\r\n")));
    body.writeBytes(
        ascii(
            "--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\""
                + fileField
                + "\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
    body.writeBytes(file);
    body.writeBytes(ascii("\r\n--" + BOUNDARY + "--\r\n"));
    return body.toByteArray();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
