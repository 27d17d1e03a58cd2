package io.facegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Listing labelled photo folders laid out as &lt;name&gt;/&lt;photo&gt;, for the bundled and the
 * large sets alike.
 */
final class PhotoFolders {
  private PhotoFolders() {}

  /** The regular files directly in {@code dir}, in name order. */
  static List<Path> filesIn(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each sub-folder's files keyed by the sub-folder's name, in name order. */
  static Map<String, List<Path>> byName(Path dir) {
    try (Stream<Path> dirs = Files.list(dir)) {
      Map<String, List<Path>> byName = new TreeMap<>();
      dirs.filter(Files::isDirectory)
          .forEach(sub -> byName.put(sub.getFileName().toString(), filesIn(sub)));
      return byName;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
