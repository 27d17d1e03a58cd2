package io.facegate.vision;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenCV's logger, libjpeg and libpng write warnings straight to file descriptor 2 ("Corrupt JPEG
 * data: ...", "libpng error: ..."), past logback and log_format=json, and no API of theirs reaches
 * all three. Once installed, fd 2 is a pipe that one daemon thread reads, logging each message as
 * one line through logback (logger {@code native}, WARN), at most {@link #LINES_PER_SECOND} a
 * second; the excess is counted. Whatever else reaches fd 2 (System.err included) takes the same
 * way.
 */
public final class NativeStderr {
  static final int LINES_PER_SECOND = 10;
  private static final Logger LOG = LoggerFactory.getLogger("native");
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicLong LOGGED = new AtomicLong();
  private static final AtomicLong DROPPED = new AtomicLong();

  private NativeStderr() {}

  /** The three libc calls JNA makes for us. */
  private interface LibC extends Library {
    int pipe(int[] fds);

    int dup2(int from, int to);

    int close(int fd);
  }

  /**
   * Routes fd 2 into logback from now on; once per process (fd 2 is the process's), later calls do
   * nothing.
   */
  public static void install() {
    if (!INSTALLED.compareAndSet(false, true)) {
      return;
    }
    LibC libc = Native.load("c", LibC.class);
    int[] fds = new int[2];
    if (libc.pipe(fds) != 0) {
      throw new IllegalStateException("cannot create a pipe for native stderr");
    }
    FileInputStream readEnd;
    try {
      readEnd =
          new FileInputStream(
              "/proc/self/fd/" + fds[0]); // Java has no stream for a bare descriptor
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (libc.dup2(fds[1], 2) != 2) {
      throw new IllegalStateException("cannot redirect native stderr");
    }
    libc.close(fds[1]);
    libc.close(fds[0]);
    Thread pump = new Thread(() -> pump(readEnd), "native-stderr");
    pump.setDaemon(true);
    pump.start();
  }

  /** Messages logged so far. */
  public static long logged() {
    return LOGGED.get();
  }

  /** Messages over the rate limit, counted but not logged. */
  public static long dropped() {
    return DROPPED.get();
  }

  private static void pump(FileInputStream readEnd) {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(readEnd, StandardCharsets.UTF_8))) {
      RateWindow window = new RateWindow();
      StringBuilder message = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!message.isEmpty() && !continues(line)) {
          window.offer(message.toString());
          message.setLength(0);
        }
        if (!line.isBlank()) {
          message.append(message.isEmpty() ? "" : " ").append(line.strip());
        }
        if (!lines.ready()
            && !message.isEmpty()) { // nothing more is coming now: the message is whole
          window.offer(message.toString());
          message.setLength(0);
        }
      }
    } catch (IOException e) {
      LOG.error("native stderr can no longer be read: {}", e.toString());
    }
  }

  /** OpenCV's error details ("> ...") and stack frames continue the line before them. */
  private static boolean continues(String line) {
    return line.startsWith(">") || line.startsWith(" ") || line.startsWith("\t");
  }

  /** At most LINES_PER_SECOND messages in each one-second window. */
  private static final class RateWindow {
    private long start = System.nanoTime();
    private int used;

    void offer(String message) {
      long now = System.nanoTime();
      if (now - start >= TimeUnit.SECONDS.toNanos(1)) {
        start = now;
        used = 0;
      }
      if (used++ < LINES_PER_SECOND) {
        LOGGED.incrementAndGet();
        LOG.warn(message);
      } else {
        DROPPED.incrementAndGet();
      }
    }
  }
}
