package io.facegate.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs from the machine (a broker, a database server): absent, the test is
 * skipped locally, but fails when {@code FACEGATE_REQUIRE_EXTERNAL=1} says it was installed (CI
 * does).
 */
public final class ExternalProgram {
  private ExternalProgram() {}

  public static <T> T require(Optional<T> found, String why) {
    if (found.isEmpty() && "1".equals(System.getenv("FACEGATE_REQUIRE_EXTERNAL"))) {
      fail(why + " (FACEGATE_REQUIRE_EXTERNAL=1: required here, not skipped)");
    }
    Assumptions.assumeTrue(found.isPresent(), why + "; skipped");
    return found.get();
  }

  /** An executable called {@code name} in a directory of PATH. */
  public static Optional<Path> onPath(String name) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
