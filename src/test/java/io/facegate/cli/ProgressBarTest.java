package io.facegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.testing.FastTier;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

@FastTier
class ProgressBarTest {
  @Test
  void withoutTerminalOneLinePerTenPercent() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, "photos");
    for (int i = 1; i <= 25; i++) {
      bar.done(i, 25);
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    assertEquals(10, lines.length);
    assertTrue(lines[0].startsWith("  10%: 3/25 photos"), lines[0]);
    assertTrue(lines[9].startsWith("  100%: 25/25 photos"), lines[9]);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlace() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar =
        new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, "photos");
    bar.done(1, 2);
    bar.done(2, 2);
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(2, text.chars().filter(c -> c == '\r').count());
    assertEquals(1, text.chars().filter(c -> c == '\n').count());
  }
}
