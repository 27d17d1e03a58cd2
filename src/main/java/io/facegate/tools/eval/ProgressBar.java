package io.facegate.tools.eval;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of the photo embedding on stderr. On a terminal a bar redrawn in place with a carriage
 * return; redirected to a file or a CI log that would be one unreadable line, so there it writes a
 * line at every 10%.
 */
public final class ProgressBar implements PhotoEmbeddings.Progress {
  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final long start = System.nanoTime();
  private int tenthsShown;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /**
   * On stderr; Java 17 has no test for stderr alone, and a console means stdin and stdout are a
   * terminal.
   */
  public static ProgressBar onStderr() {
    return new ProgressBar(System.err, System.console() != null);
  }

  @Override
  public synchronized void done(int done, int total) {
    double seconds = (System.nanoTime() - start) / 1e9;
    if (terminal) {
      int filled = WIDTH * done / total;
      out.printf(
          Locale.ROOT,
          "\r  [%s%s] %d/%d photos (%.0f s)",
          "#".repeat(filled),
          " ".repeat(WIDTH - filled),
          done,
          total,
          seconds);
      if (done == total) {
        out.println();
      }
      out.flush();
      return;
    }
    int tenths = 10 * done / total;
    if (tenths > tenthsShown) {
      tenthsShown = tenths;
      out.printf(Locale.ROOT, "  %d%%: %d/%d photos (%.0f s)%n", 10 * tenths, done, total, seconds);
    }
  }
}
