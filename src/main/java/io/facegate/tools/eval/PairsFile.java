package io.facegate.tools.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An LFW-format pairs file: {@code name i j} is a same-person pair, {@code name1 i name2 j} a
 * different-person pair, and the photo for number i is {@code <dir>/<name>/<name>_%04d.jpg}.
 *
 * <p>Folds: LFW's View 2 header {@code 10 300} means 10 sets of 300 same then 300 different pairs,
 * and each set is a fold. Any other header (such as lfw-dev's {@code 875 875}: counts of same and
 * different pairs) gets 10 folds by cutting the same pairs and the different pairs each into 10
 * contiguous runs, so every fold is balanced like LFW's and a name rarely spans folds.
 */
public record PairsFile(List<Pair> pairs, int folds, String foldScheme) {
  public static final int DEFAULT_FOLDS = 10;

  public record Pair(String name1, int n1, String name2, int n2, boolean same, int fold) {
    public Path photo1(Path dir) {
      return photo(dir, name1, n1);
    }

    public Path photo2(Path dir) {
      return photo(dir, name2, n2);
    }
  }

  public static Path photo(Path dir, String name, int number) {
    return dir.resolve(name).resolve(String.format("%s_%04d.jpg", name, number));
  }

  public static PairsFile read(Path file) throws IOException {
    return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  public static PairsFile parse(List<String> lines) {
    List<String[]> rows = new ArrayList<>();
    int[] header = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\\s+");
      if (header == null && rows.isEmpty() && allNumbers(f)) {
        header = new int[f.length];
        for (int k = 0; k < f.length; k++) {
          header[k] = Integer.parseInt(f[k]);
        }
        continue;
      }
      if (f.length != 3 && f.length != 4) {
        throw new IllegalArgumentException(
            "line " + (i + 1) + ": expected 'name i j' or 'name1 i name2 j': " + line);
      }
      rows.add(f);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no pairs in the file");
    }
    boolean lfwSets =
        header != null
            && header.length == 2
            && header[0] > 1
            && rows.size() == 2 * header[0] * header[1];
    int folds = lfwSets ? header[0] : DEFAULT_FOLDS;
    int sameTotal = (int) rows.stream().filter(f -> f.length == 3).count();
    int diffTotal = rows.size() - sameTotal;
    List<Pair> pairs = new ArrayList<>(rows.size());
    int sameSeen = 0, diffSeen = 0;
    for (int i = 0; i < rows.size(); i++) {
      String[] f = rows.get(i);
      boolean same = f.length == 3;
      int fold;
      if (lfwSets) {
        fold = i / (2 * header[1]);
      } else if (same) {
        fold = (int) ((long) sameSeen++ * folds / sameTotal);
      } else {
        fold = (int) ((long) diffSeen++ * folds / diffTotal);
      }
      pairs.add(
          same
              ? new Pair(f[0], number(f[1]), f[0], number(f[2]), true, fold)
              : new Pair(f[0], number(f[1]), f[2], number(f[3]), false, fold));
    }
    String scheme =
        lfwSets
            ? header[0] + " LFW sets of " + header[1] + " same + " + header[1] + " different pairs"
            : folds + " folds, each a contiguous run of the same and of the different pairs";
    return new PairsFile(List.copyOf(pairs), folds, scheme);
  }

  private static boolean allNumbers(String[] fields) {
    for (String f : fields) {
      if (!f.matches("\\d+")) {
        return false;
      }
    }
    return true;
  }

  private static int number(String field) {
    try {
      return Integer.parseInt(field);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a photo number: " + field, e);
    }
  }
}
