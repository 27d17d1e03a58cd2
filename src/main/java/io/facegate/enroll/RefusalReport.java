package io.facegate.enroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Every photo this run could not enroll, as CSV: {@code username,photo,error,message}, with the
 * server's error code (NO_FACE, DUPLICATE_FACE, BAD_IMAGE...) or UNREADABLE for a file the command
 * could not read. A refusal of a whole person (a bad username) names no photo.
 */
final class RefusalReport implements AutoCloseable {
  private final CSVPrinter out;
  private int rows;

  private RefusalReport(CSVPrinter out) {
    this.out = out;
  }

  static RefusalReport create(Path file) throws IOException {
    return new RefusalReport(
        CSVFormat.DEFAULT
            .builder()
            .setHeader("username", "photo", "error", "message")
            .build()
            .print(Files.newBufferedWriter(file, StandardCharsets.UTF_8)));
  }

  synchronized void refuse(String username, Path photo, String error, String message) {
    try {
      out.printRecord(username, photo == null ? "" : photo.toString(), error, message);
      out.flush();
      rows++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized int rows() {
    return rows;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
