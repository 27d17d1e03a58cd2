package io.facegate.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The large labelled photo sets kept outside the repository (some under non-commercial or
 * research-only licences): ../shared/faces next to the clone, or wherever FACEGATE_SHARED_FACES
 * points. Only {@link EvaluationTest evaluation} tests read them, and they are skipped, saying why,
 * when the sets are absent.
 */
public final class EvaluationSets {
  private static final Path ROOT =
      Path.of(
              System.getenv()
                  .getOrDefault(
                      "FACEGATE_SHARED_FACES", Path.of("..", "shared", "faces").toString()))
          .toAbsolutePath()
          .normalize();

  private EvaluationSets() {}

  /**
   * Whether the sets hold {@code relative}: a test that reads many of them checks once, then reads.
   */
  public static boolean has(String relative) {
    return Files.exists(ROOT.resolve(relative));
  }

  /**
   * The file or folder at {@code relative} in the sets; skips the calling test when it is not
   * there.
   */
  public static Path path(String relative) {
    Path file = ROOT.resolve(relative);
    assumeTrue(
        Files.exists(file),
        () ->
            "evaluation photo "
                + relative
                + " is not at "
                + ROOT
                + ": set FACEGATE_SHARED_FACES to the shared faces folder to run this evaluation");
    return file;
  }
}
