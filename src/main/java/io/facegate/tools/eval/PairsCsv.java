package io.facegate.tools.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Chosen pairs for {@code eval --people DIR --pairs FILE}: one pair a line, {@code
 * path1,path2,same} with the paths relative to DIR (such as {@code obama/obama1.jpg}) and same
 * {@code 1} for the same person, {@code 0} for different people. Blank lines and lines starting
 * with {@code #} are skipped, and so is a first line {@code path1,path2,same} (a header).
 */
public final class PairsCsv {
  public record Pair(Path photo1, Path photo2, boolean same) {}

  private PairsCsv() {}

  public static List<Pair> read(Path file, Path dir) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8), dir);
  }

  public static List<Pair> parse(List<String> lines, Path dir) {
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()
          || line.startsWith("#")
          || (pairs.isEmpty() && line.equals("path1,path2,same"))) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 3 || !(f[2].trim().equals("1") || f[2].trim().equals("0"))) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected 'path1,path2,same' with same 1 or 0: " + line);
      }
      pairs.add(
          new Pair(dir.resolve(f[0].trim()), dir.resolve(f[1].trim()), f[2].trim().equals("1")));
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no pairs in the file");
    }
    return List.copyOf(pairs);
  }
}
