package io.facegate.enroll;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Who to enroll, read from a folder (one sub-folder per person, named by username) or from a CSV
 * file with the header {@code username,display_name,groups,photos}: groups and photo paths are
 * separated by {@code ;}, photo paths relative to the CSV file's folder.
 */
final class EnrolleeList {
  static final String[] CSV_HEADER = {"username", "display_name", "groups", "photos"};

  private EnrolleeList() {}

  static List<Enrollee> fromFolder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--folder " + dir + " is not a folder");
    }
    List<Enrollee> people = new ArrayList<>();
    for (Path person : visible(dir).filter(Files::isDirectory).toList()) {
      List<Path> photos = visible(person).filter(Files::isRegularFile).toList();
      people.add(new Enrollee(person.getFileName().toString(), null, List.of(), photos));
    }
    return people;
  }

  static List<Enrollee> fromCsv(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .setAllowMissingColumnNames(true)
            .build();
    List<Enrollee> people = new ArrayList<>();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      var parser = format.parse(in);
      if (!parser.getHeaderNames().equals(List.of(CSV_HEADER))) {
        throw new IllegalArgumentException(
            file + ": the first line must be " + String.join(",", CSV_HEADER));
      }
      for (CSVRecord row : parser) {
        people.add(enrollee(file, base, row));
      }
    }
    return people;
  }

  private static Enrollee enrollee(Path file, Path base, CSVRecord row) {
    if (!row.isConsistent() || row.get("username").isEmpty()) {
      throw new IllegalArgumentException(
          file
              + " line "
              + (row.getRecordNumber() + 1)
              + ": expected "
              + String.join(",", CSV_HEADER)
              + " with a username");
    }
    String displayName = row.get("display_name");
    return new Enrollee(
        row.get("username"),
        displayName.isEmpty() ? null : displayName,
        list(row.get("groups")),
        list(row.get("photos")).stream().map(base::resolve).toList());
  }

  private static List<String> list(String field) {
    return Arrays.stream(field.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Entries sorted by name; hidden ones (.DS_Store, a state file) are skipped. */
  private static Stream<Path> visible(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(p -> !p.getFileName().toString().startsWith("."))
          .sorted()
          .toList()
          .stream();
    }
  }
}
