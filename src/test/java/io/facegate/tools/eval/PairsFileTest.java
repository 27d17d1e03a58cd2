package io.facegate.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@FastTier
class PairsFileTest {
  @Test
  void readsSameAndDifferentLinesAndPhotoNames() {
    PairsFile f = PairsFile.parse(List.of("1\t1", "Ann_Lee\t1\t12", "Ann_Lee\t3\tBo\t2"));
    assertEquals(2, f.pairs().size());
    PairsFile.Pair same = f.pairs().get(0);
    assertTrue(same.same());
    assertEquals(Path.of("d", "Ann_Lee", "Ann_Lee_0012.jpg"), same.photo2(Path.of("d")));
    PairsFile.Pair diff = f.pairs().get(1);
    assertFalse(diff.same());
    assertEquals(Path.of("d", "Bo", "Bo_0002.jpg"), diff.photo2(Path.of("d")));
  }

  @Test
  void lfwSetsHeaderMakesEachSetAFold() {
    List<String> lines = new ArrayList<>(List.of("3\t2"));
    for (int set = 0; set < 3; set++) {
      lines.add("A\t1\t2");
      lines.add("B\t1\t2");
      lines.add("A\t1\tB\t1");
      lines.add("C\t1\tD\t1");
    }
    PairsFile f = PairsFile.parse(lines);
    assertEquals(3, f.folds());
    for (int i = 0; i < 12; i++) {
      assertEquals(i / 4, f.pairs().get(i).fold());
    }
  }

  @Test
  void countsHeaderCutsSameAndDifferentIntoTenBalancedRuns() {
    List<String> lines = new ArrayList<>(List.of("20\t20"));
    for (int i = 0; i < 20; i++) {
      lines.add("P" + i + "\t1\t2");
    }
    for (int i = 0; i < 20; i++) {
      lines.add("P" + i + "\t1\tQ" + i + "\t1");
    }
    PairsFile f = PairsFile.parse(lines);
    assertEquals(10, f.folds());
    int[] same = new int[10];
    int[] diff = new int[10];
    for (PairsFile.Pair p : f.pairs()) {
      (p.same() ? same : diff)[p.fold()]++;
    }
    for (int k = 0; k < 10; k++) {
      assertEquals(2, same[k]);
      assertEquals(2, diff[k]);
    }
    assertEquals(0, f.pairs().get(1).fold());
    assertEquals(1, f.pairs().get(2).fold());
  }
}
