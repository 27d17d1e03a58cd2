package io.facegate.enroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The usernames already enrolled, one a line, appended as each person finishes: a run stopped
 * half-way (or killed) starts again where it was, and people done before are not sent twice.
 */
final class EnrollState implements AutoCloseable {
  private final Set<String> done;
  private final Writer out;

  private EnrollState(Set<String> done, Writer out) {
    this.done = done;
    this.out = out;
  }

  static EnrollState open(Path file) throws IOException {
    Set<String> done = new HashSet<>();
    if (Files.exists(file)) {
      Files.readAllLines(file, StandardCharsets.UTF_8).stream()
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .forEach(done::add);
    }
    Writer out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    return new EnrollState(done, out);
  }

  synchronized boolean isDone(String username) {
    return done.contains(username);
  }

  /** Written through at once, so a kill right after loses nothing. */
  synchronized void markDone(String username) {
    try {
      out.write(username + "\n");
      out.flush();
      done.add(username);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
