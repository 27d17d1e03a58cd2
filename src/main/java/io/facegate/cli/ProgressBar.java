package io.facegate.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long command on stderr (photos embedded, people enrolled). On a terminal a bar
 * redrawn in place with a carriage return; redirected to a file or a CI log that would be one
 * unreadable line, so there it writes a line at every 10%.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final String unit;
  private final long start = System.nanoTime();
  private int tenthsShown;

  ProgressBar(PrintStream out, boolean terminal, String unit) {
    this.out = out;
    this.terminal = terminal;
    this.unit = unit;
  }

  /**
   * On stderr, counting {@code unit} (such as "photos"); Java 17 has no test for stderr alone, and
   * a console means stdin and stdout are a terminal.
   */
  public static ProgressBar onStderr(String unit) {
    return new ProgressBar(System.err, System.console() != null, unit);
  }

  public synchronized void done(int done, int total) {
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = seconds > 0 ? done / seconds : 0;
    if (terminal) {
      int filled = total == 0 ? WIDTH : WIDTH * done / total;
      out.printf(
          Locale.ROOT,
          "\r  [%s%s] %d/%d %s (%.0f s, %.1f/s)",
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          done,
          total,
          unit,
          seconds,
          rate);
      if (done == total) {
        out.println();
      }
      out.flush();
      return;
    }
    int tenths = total == 0 ? 10 : 10 * done / total;
    if (tenths > tenthsShown) {
      tenthsShown = tenths;
      out.printf(
          Locale.ROOT,
          "  %d%%: %d/%d %s (%.0f s, %.1f/s)%n",
          10 * tenths,
          done,
          total,
          unit,
          seconds,
          rate);
    }
  }
}
