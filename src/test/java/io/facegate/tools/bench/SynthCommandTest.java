package io.facegate.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.testing.FastTier;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@FastTier
class SynthCommandTest {
  @Test
  void refusesAnEmptyRun() {
    assertEquals(2, new CommandLine(new SynthCommand()).execute("--people", "0"));
  }

  @Test
  void vectorsAreUnitLength() {
    float[] v = SynthCommand.randomUnitVector(new Random(7));
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    assertEquals(192, v.length);
    assertEquals(1.0, norm, 1e-5);
  }
}
