package io.facegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The real photos the default test suite uses, in src/test/resources/faces (a small permissively
 * licensed subset of the shared photos; faces/MANIFEST.md names each file's source and licence).
 * Maven copies them to target/test-classes, so they are plain files: tests and the web page's file
 * input take their paths.
 */
public final class TestPhotos {
  private static final Path ROOT = root();

  /** People with one photo each (1.jpg) whom no test enrolls: strangers for open-set tests. */
  public static final List<String> STRANGERS = List.of("angelina_jolie", "kate_siegel");

  private TestPhotos() {}

  private static Path root() {
    URL faces = TestPhotos.class.getResource("/faces");
    if (faces == null) {
      throw new IllegalStateException("src/test/resources/faces is not on the test classpath");
    }
    try {
      return Path.of(faces.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path path(String relative) {
    Path file = ROOT.resolve(relative);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(
          "no test photo " + relative + " in src/test/resources/faces");
    }
    return file;
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
    return PhotoFolders.filesIn(path(relativeDir));
  }

  /** people/&lt;name&gt;/&lt;photo&gt; grouped by name, in name order. */
  public static Map<String, List<Path>> people() {
    return PhotoFolders.byName(path("people"));
  }
}
