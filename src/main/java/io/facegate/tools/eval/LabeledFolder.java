package io.facegate.tools.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder of labeled photos: one sub-folder per person, named after them, holding that person's
 * photos. Order is by file name everywhere, so "the first photo" (the one enrolled) is stable.
 */
public record LabeledFolder(Path root, List<Person> people) {
  /** One person's photos, sorted by file name. */
  public record Person(String name, List<Path> photos) {}

  /** People with no photo are left out: they take part in no pair and no probe. */
  public static LabeledFolder read(Path root) throws IOException {
    List<Person> people = new ArrayList<>();
    for (Path dir : dirs(root)) {
      List<Path> photos = files(dir, false);
      if (!photos.isEmpty()) {
        people.add(new Person(dir.getFileName().toString(), photos));
      }
    }
    return new LabeledFolder(root, List.copyOf(people));
  }

  public List<Person> withSeveralPhotos() {
    return people.stream().filter(p -> p.photos().size() > 1).toList();
  }

  /**
   * Their only photo has nobody to be compared with in the same person: they serve as strangers.
   */
  public List<Path> singlePhotos() {
    return people.stream().filter(p -> p.photos().size() == 1).map(p -> p.photos().get(0)).toList();
  }

  public List<Path> allPhotos() {
    return people.stream().flatMap(p -> p.photos().stream()).toList();
  }

  public static List<Path> dirs(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
    }
  }

  /** Regular files sorted by path (so by file name within a folder); hidden files are skipped. */
  public static List<Path> files(Path dir, boolean recursive) throws IOException {
    try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .collect(Collectors.toList());
    }
  }
}
