package io.facegate.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real mosquitto broker on a free loopback port, anonymous, no persistence, started by the test
 * and killed by {@link #close()}. Tests that need it call {@link #require()} first: without
 * mosquitto they are skipped, unless {@code FACEGATE_REQUIRE_EXTERNAL=1} (CI installs it) makes
 * that a failure.
 */
public final class Mosquitto implements AutoCloseable {
  private static final long READY_TIMEOUT_MS = 15_000;

  private final Process process;
  private final int port;
  private final Path log;

  private Mosquitto(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The mosquitto binary, or a skipped (locally) / failed (FACEGATE_REQUIRE_EXTERNAL=1) test. */
  public static Path require() {
    Optional<Path> found = locate();
    String why =
        "mosquitto is not installed (looked on PATH and in /usr/sbin): the MQTT door-event tests need a real "
            + "broker; install it with `apt-get install -y mosquitto`";
    return ExternalProgram.require(found, why);
  }

  /** The mosquitto binary on PATH or in /usr/sbin, if installed. */
  public static Optional<Path> locate() {
    List<String> dirs =
        new ArrayList<>(
            List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
    dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin"));
    return dirs.stream()
        .filter(d -> !d.isEmpty())
        .map(d -> Path.of(d, "mosquitto"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts a broker with its config and log in {@code dir}; returns once its port accepts
   * connections.
   */
  public static Mosquitto start(Vertx vertx, Path dir) {
    Path binary = require();
    int port = freePort();
    try {
      Path conf =
          Files.writeString(
              dir.resolve("mosquitto.conf"),
              String.join(
                  "\n",
                  "listener " + port + " 127.0.0.1",
                  "allow_anonymous true",
                  "persistence false",
                  "log_dest stderr",
                  "log_type error",
                  "log_type warning",
                  "log_type notice",
                  ""));
      Path log = dir.resolve("mosquitto.log");
      Process process =
          new ProcessBuilder(binary.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Mosquitto broker = new Mosquitto(process, port, log);
      try {
        TestServer.await(
            accepting(vertx, port, System.currentTimeMillis() + READY_TIMEOUT_MS, process));
      } catch (RuntimeException | AssertionError e) {
        broker.close();
        throw new AssertionError(
            "mosquitto did not start on port " + port + ": " + broker.logText(), e);
      }
      return broker;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Tries to connect until the port accepts, with a timer between tries (no thread sleeps). */
  private static Future<Void> accepting(Vertx vertx, int port, long deadline, Process process) {
    NetClient net = vertx.createNetClient();
    return net.connect(port, "127.0.0.1")
        .compose(socket -> socket.close())
        .eventually(net::close)
        .recover(
            e -> {
              if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                return Future.failedFuture(e);
              }
              return vertx.timer(50).compose(t -> accepting(vertx, port, deadline, process));
            });
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    Stream.concat(process.descendants(), Stream.of(process.toHandle()))
        .forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
