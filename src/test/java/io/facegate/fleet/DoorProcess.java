package io.facegate.fleet;

import io.facegate.Main;
import io.facegate.testing.Mosquitto;
import io.facegate.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A door as its own operating-system process ({@code serve} on the test classpath, configured only
 * through FACEGATE_* variables, as in production), so a test can pause it with SIGSTOP, resume it,
 * or kill it with SIGKILL.
 */
final class DoorProcess implements AutoCloseable {
  private static final long READY_TIMEOUT_S = 180;

  private final Process process;
  private final int port;
  private final Path log;

  private DoorProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Started as {@link LocalFleet#DOOR} and ready (its /readyz answered 200). */
  static DoorProcess start(Path dataDir, int centralPort) {
    return launch(dataDir, centralPort, LocalFleet.DOOR).ready();
  }

  /**
   * Started with a replica token for {@code door}, not yet waited for: several doors start at once.
   */
  static DoorProcess launch(Path dataDir, int centralPort, String door) {
    int port = Mosquitto.freePort();
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "FACEGATE_ROLE",
                "follower",
                "FACEGATE_FOLLOW_URL",
                "http://127.0.0.1:" + centralPort,
                "FACEGATE_FOLLOW_TOKEN",
                LocalFleet.replicaToken(door),
                "FACEGATE_HOST",
                "127.0.0.1",
                "FACEGATE_PORT",
                String.valueOf(port),
                "FACEGATE_DATA_DIR",
                dataDir.toString(),
                "FACEGATE_MODELS_DIR",
                "models",
                "FACEGATE_JWT_SECRET",
                TestServer.SECRET));
    try {
      return new DoorProcess(builder.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** SIGSTOP: the process freezes with its connections open, as a hung box would. */
  void pause() {
    signal("-STOP");
  }

  /** SIGCONT. */
  void resume() {
    signal("-CONT");
  }

  /** SIGKILL, as a power cut would end it; returns once the process is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError("the door " + process.pid() + " outlived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void signal(String signal) {
    try {
      Process kill =
          new ProcessBuilder(List.of("kill", signal, String.valueOf(process.pid()))).start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits until its /readyz answers 200; this door. */
  DoorProcess ready() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the door exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        HttpResponse<Void> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError(
        "the door was not ready within " + READY_TIMEOUT_S + " s:\n" + logText());
  }

  String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** Resumed (should it be paused), then SIGKILL: nothing of the door outlives the test. */
  @Override
  public void close() {
    if (process.isAlive()) {
      resume();
      process.destroyForcibly();
    }
  }
}
