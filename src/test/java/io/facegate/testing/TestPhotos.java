package io.facegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real labelled photos in ../shared/faces (read-only, never copied into the repository), or wherever
 * FACEGATE_SHARED_FACES points for a clone that does not sit next to shared/.
 */
public final class SharedFaces {
  private static final Path ROOT = Path.of(System.getenv().getOrDefault("FACEGATE_SHARED_FACES",
      Path.of("..", "shared", "faces").toString())).toAbsolutePath().normalize();
  /** People with one photo in people/ are strangers for open-set tests. */
  public static final List<String> STRANGERS = List.of("angelina_jolie", "kate_siegel", "paul_rudd", "shea_whigham");

  private SharedFaces() {
  }

  public static Path path(String relative) {
    if (!Files.isDirectory(ROOT)) {
      throw new IllegalStateException("the shared face photos are not at " + ROOT + ": clone the repository next to "
          + "shared/ (as CI does) or set FACEGATE_SHARED_FACES to the faces folder");
    }
    return ROOT.resolve(relative);
  }

  public static byte[] bytes(String relative) {
    return read(path(relative));
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static List<Path> filesIn(String relativeDir) {
    try (Stream<Path> files = Files.list(path(relativeDir))) {
      return files.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** people/&lt;name&gt;/&lt;photo&gt; grouped by name, in name order. */
  public static Map<String, List<Path>> people() {
    try (Stream<Path> dirs = Files.list(path("people"))) {
      Map<String, List<Path>> byName = new TreeMap<>();
      dirs.filter(Files::isDirectory)
          .forEach(dir -> byName.put(dir.getFileName().toString(), filesIn("people/" + dir.getFileName())));
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
