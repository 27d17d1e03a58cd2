package io.facegate.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.Models;
import io.facegate.testing.ModelsTier;
import io.facegate.testing.TestPhotos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code eval matrix} on a tiny folder laid out like ../shared/faces, built from the bundled
 * portraits.
 */
@ModelsTier
class MatrixCommandTest {

  @Test
  void printsOneRowPerCombinationWithTheSetsThatArePresent(@TempDir Path faces) throws Exception {
    // lfw-dev: three people in LFW's file naming, 2 LFW sets of 2 same + 2 different pairs, two
    // strangers.
    Path lfw = faces.resolve("lfw-dev");
    copy("people/obama/obama.jpg", lfw.resolve("people/Obama/Obama_0001.jpg"));
    copy("people/obama/obama1.jpg", lfw.resolve("people/Obama/Obama_0002.jpg"));
    copy("people/obama/obama2.jpg", lfw.resolve("people/Obama/Obama_0003.jpg"));
    copy("people/biden/biden.jpg", lfw.resolve("people/Biden/Biden_0001.jpg"));
    copy("people/biden/biden2.jpg", lfw.resolve("people/Biden/Biden_0002.jpg"));
    copy("people/kit_harington/john1.jpeg", lfw.resolve("people/Kit/Kit_0001.jpg"));
    copy("people/kit_harington/john2.jpeg", lfw.resolve("people/Kit/Kit_0002.jpg"));
    copy("people/angelina_jolie/1.jpg", lfw.resolve("strangers/Angelina/Angelina_0001.jpg"));
    copy("people/kate_siegel/1.jpg", lfw.resolve("strangers/Kate/Kate_0001.jpg"));
    Files.write(
        lfw.resolve("pairs.txt"),
        List.of(
            "2\t2",
            "Obama\t1\t2",
            "Biden\t1\t2",
            "Obama\t1\tBiden\t1",
            "Kit\t1\tObama\t3",
            "Obama\t2\t3",
            "Kit\t1\t2",
            "Biden\t2\tKit\t2",
            "Obama\t2\tKit\t1"));
    copy("people/obama/obama-480p.jpg", faces.resolve("people/obama/obama-480p.jpg"));
    copy("people/obama/obama3.jpg", faces.resolve("people/obama/obama3.jpg"));
    copy("people/rose_leslie/img1.jpg", faces.resolve("people/rose_leslie/img1.jpg"));
    copy("people/rose_leslie/img2.jpg", faces.resolve("people/rose_leslie/img2.jpg"));

    MatrixCommand command = new MatrixCommand();
    new CommandLine(command)
        .parseArgs(
            "--faces",
            faces.toString(),
            "--runs",
            "3",
            "--only",
            "back/mesh/mobilefacenet,front-then-back/detector/fr_feature");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    assertEquals(
        0, command.run(Models.defaults(), new PrintStream(printed, true, StandardCharsets.UTF_8)));

    List<String> rows =
        printed.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| ")).toList();
    assertEquals(3, rows.size(), String.join("\n", rows));
    assertTrue(rows.get(1).startsWith("| back | mesh | mobilefacenet |"), rows.get(1));
    assertTrue(rows.get(2).startsWith("| front-then-back | detector | fr_feature |"), rows.get(2));
    for (String row : rows.subList(1, 3)) {
      String[] cells = row.substring(2, row.length() - 2).split(" \\| ", -1);
      assertEquals(12, cells.length, row);
      assertEquals(
          List.of("", "", ""),
          List.of(cells[3], cells[4], cells[5]),
          "no colour-dev folder: empty cells");
      // These photos are easy: every pair right, every genuine pair accepted with no impostor,
      // every probe found.
      assertEquals("100.00% ± 0.00", cells[6], row);
      assertEquals("100.00%", cells[7], row);
      assertEquals("0/7", cells[8], row);
      assertEquals("100.00%", cells[9], row);
      String[] separation = cells[10].split(" / ");
      assertTrue(Double.parseDouble(separation[0]) > Double.parseDouble(separation[1]), row);
      assertTrue(Double.parseDouble(cells[11]) > 0, row);
    }
  }

  private static void copy(String testPhoto, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    Files.copy(TestPhotos.path(testPhoto), to);
  }
}
