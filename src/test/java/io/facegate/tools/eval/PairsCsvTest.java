package io.facegate.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.facegate.testing.FastTier;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

@FastTier
class PairsCsvTest {
  @Test
  void pathsAreRelativeToTheFolderAndTheHeaderIsOptional() {
    Path dir = Path.of("/faces");
    List<PairsCsv.Pair> pairs =
        PairsCsv.parse(
            List.of(
                "path1,path2,same",
                "# a comment",
                "",
                "obama/a.jpg, obama/b.jpg ,1",
                "obama/a.jpg,biden/c.jpg,0"),
            dir);
    assertEquals(
        List.of(
            new PairsCsv.Pair(dir.resolve("obama/a.jpg"), dir.resolve("obama/b.jpg"), true),
            new PairsCsv.Pair(dir.resolve("obama/a.jpg"), dir.resolve("biden/c.jpg"), false)),
        pairs);
  }

  @Test
  void malformedLinesAreRejectedWithTheirNumber() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PairsCsv.parse(List.of("a.jpg,b.jpg,yes"), Path.of(".")));
    assertEquals(
        "line 1: expected 'path1,path2,same' with same 1 or 0: a.jpg,b.jpg,yes", e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> PairsCsv.parse(List.of("name 1 2"), Path.of(".")));
  }
}
