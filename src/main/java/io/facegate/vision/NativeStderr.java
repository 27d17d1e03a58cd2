package io.facegate.vision;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * OpenCV's logger, libjpeg and libpng write warnings straight to file descriptor 2 ("Corrupt JPEG
 * data: ...", "libpng error: ..."), past logback and log_format=json, and no API of theirs reaches
 * all three. Once installed, fd 2 is a pipe that one daemon thread reads, logging each message as
 * one line through logback (logger {@code native}, WARN), at most {@link #LINES_PER_SECOND} a
 * second; the excess is counted. Whatever else reaches fd 2 (System.err included) takes the same
 * way.
 *
 * <p>A decode run through {@link #attributed} writes an open and a close mark into the same pipe
 * around itself, so the reader knows exactly which decodes were running when a message was written
 * and logs it with their request ids (MDC {@code request_id}; several, comma-separated, when
 * decodes overlapped).
 */
public final class NativeStderr {
  static final int LINES_PER_SECOND = 10;
  private static final Logger LOG = LoggerFactory.getLogger("native");
  private static final AtomicBoolean INSTALLED = new AtomicBoolean();
  private static final AtomicLong LOGGED = new AtomicLong();
  private static final AtomicLong DROPPED = new AtomicLong();

  /** The MDC key the HTTP layer keeps a request's id under. */
  static final String REQUEST_ID = "request_id";

  /** Starts a mark line; native libraries print text, never this control character. */
  private static final char MARK = '\u001f';

  private static final AtomicLong DECODES = new AtomicLong();

  /** fd 2 once installed: each mark is one write(2) of under PIPE_BUF bytes, hence atomic. */
  private static volatile FileOutputStream marks;

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
    marks = new FileOutputStream(FileDescriptor.err);
    Thread pump = new Thread(() -> pump(readEnd), "native-stderr");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Runs {@code decode}; what native code prints meanwhile is logged with this thread's request id
   * (from the MDC). Without the bridge installed or without a request id it just runs.
   */
  public static <T> T attributed(Supplier<T> decode) {
    FileOutputStream out = marks;
    String requestId = MDC.get(REQUEST_ID);
    if (out == null || requestId == null) {
      return decode.get();
    }
    long token = DECODES.incrementAndGet();
    mark(out, "open " + token + " " + requestId);
    try {
      return decode.get();
    } finally {
      mark(out, "close " + token);
    }
  }

  private static void mark(FileOutputStream out, String mark) {
    try {
      out.write((MARK + mark + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
      OpenDecodes open = new OpenDecodes();
      StringBuilder message = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        boolean mark = !line.isEmpty() && line.charAt(0) == MARK;
        if (!message.isEmpty() && (mark || !continues(line))) {
          window.offer(message.toString(), open.requestIds());
          message.setLength(0);
        }
        if (mark) {
          open.apply(line.substring(1));
          continue;
        }
        if (!line.isBlank()) {
          message.append(message.isEmpty() ? "" : " ").append(line.strip());
        }
        if (!lines.ready()
            && !message.isEmpty()) { // nothing more is coming now: the message is whole
          window.offer(message.toString(), open.requestIds());
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

    void offer(String message, String requestIds) {
      long now = System.nanoTime();
      if (now - start >= TimeUnit.SECONDS.toNanos(1)) {
        start = now;
        used = 0;
      }
      if (used++ >= LINES_PER_SECOND) {
        DROPPED.incrementAndGet();
        return;
      }
      LOGGED.incrementAndGet();
      if (requestIds.isEmpty()) {
        LOG.warn(message);
        return;
      }
      MDC.put(REQUEST_ID, requestIds);
      try {
        LOG.warn(message);
      } finally {
        MDC.remove(REQUEST_ID);
      }
    }
  }

  /** The decodes between their open and close marks, as the pump has read them so far. */
  private static final class OpenDecodes {
    private final Map<String, String> requestIdByToken = new LinkedHashMap<>();

    /** "open TOKEN REQUEST_ID" or "close TOKEN". */
    void apply(String mark) {
      String[] parts = mark.split(" ", 3);
      if (parts[0].equals("open") && parts.length == 3) {
        requestIdByToken.put(parts[1], parts[2]);
      } else if (parts[0].equals("close") && parts.length == 2) {
        requestIdByToken.remove(parts[1]);
      }
    }

    /** The request ids of the decodes open now, comma-separated; empty when none is. */
    String requestIds() {
      return String.join(",", new LinkedHashSet<>(requestIdByToken.values()));
    }
  }
}
