package io.facegate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server in a temp dir: initdb, then {@code pg_ctl -w start} on a free loopback
 * port with its unix socket in the same dir, user {@code postgres} with trust auth, and a database
 * {@code facegate}. initdb and pg_ctl refuse to run as root, so as root they run as the {@code
 * postgres} user through runuser. Tests call {@link #require()} first: without PostgreSQL they are
 * skipped, unless {@code FACEGATE_REQUIRE_EXTERNAL=1} (CI installs it) makes that a failure.
 */
public final class Postgres implements AutoCloseable {
  public static final String DATABASE = "facegate";
  public static final String USER = "postgres";
  private static final long STEP_TIMEOUT_S = 60;

  private final Path bin;
  private final Path dir;
  private final int port;

  private Postgres(Path bin, Path dir, int port) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
  }

  /**
   * The directory holding initdb and pg_ctl, or a skipped (locally) / failed
   * (FACEGATE_REQUIRE_EXTERNAL=1) test.
   */
  public static Path require() {
    Optional<Path> found = locate();
    String why =
        "PostgreSQL is not installed (looked in `pg_config --bindir` and /usr/lib/postgresql/*/bin): the "
            + "fleet tests need a real server; install it with `apt-get install -y postgresql`";
    return ExternalProgram.require(found, why);
  }

  /** The server binaries' directory: pg_config's answer first, else the newest Debian install. */
  public static Optional<Path> locate() {
    List<Path> candidates = new ArrayList<>();
    try {
      Process pgConfig =
          new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
      String out = new String(pgConfig.getInputStream().readAllBytes()).strip();
      if (pgConfig.waitFor() == 0) {
        candidates.add(Path.of(out));
      }
    } catch (IOException e) {
      // pg_config is not on PATH: the Debian layout below may still have the server.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      versions
          .map(v -> v.resolve("bin"))
          .sorted(Comparator.comparing((Path p) -> versionOf(p.getParent())).reversed())
          .forEach(candidates::add);
    } catch (IOException e) {
      // No Debian install.
    }
    return candidates.stream()
        .filter(
            d -> Files.isExecutable(d.resolve("pg_ctl")) && Files.isExecutable(d.resolve("initdb")))
        .findFirst();
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A fresh cluster in a new temp dir, started, with the database {@link #DATABASE} created. */
  public static Postgres start() {
    Path bin = require();
    try {
      Path dir =
          Files.createTempDirectory(
              "facegate-pg",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      Postgres pg = new Postgres(bin, dir, Mosquitto.freePort());
      try {
        if (runningAsRoot()) {
          pg.run(List.of("chown", "postgres:postgres", dir.toString()));
        }
        pg.run(
            pg.asPostgres(
                bin.resolve("initdb").toString(),
                "-D",
                pg.dataDir().toString(),
                "-U",
                USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-instructions"));
        pg.startServer();
        pg.createDatabase(DATABASE);
        return pg;
      } catch (RuntimeException | AssertionError e) {
        pg.close();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The connection URI, in the form FACEGATE_POSTGRES_URL takes. */
  public String uri() {
    return uri(DATABASE);
  }

  private String uri(String database) {
    return "postgresql://" + USER + "@127.0.0.1:" + port + "/" + database;
  }

  /** Creates another empty database on this server, so a test can start from nothing; its URI. */
  public String createDatabase(String name) {
    run(
        asPostgres(
            bin.resolve("createdb").toString(),
            "-h",
            dir.toString(),
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            name));
    return uri(name);
  }

  /**
   * Starts the server again after {@link #stop()} or {@link #kill()}, on the same port and data.
   */
  public void startServer() {
    run(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-w",
            "-t",
            String.valueOf(STEP_TIMEOUT_S),
            "-D",
            dataDir().toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
            "start"));
  }

  /**
   * A fast shutdown (SIGINT to the postmaster: sessions are ended, not waited for); returns once it
   * is gone.
   */
  public void stop() {
    postmaster().ifPresent(pm -> signalAndWait(List.of(pm), "-INT"));
  }

  /**
   * A crash: SIGKILL to the postmaster and every backend, as a power cut would end them. The next
   * start recovers.
   */
  public void kill() {
    postmaster()
        .ifPresent(
            pm -> {
              List<ProcessHandle> all = new ArrayList<>(pm.descendants().toList());
              all.add(0, pm);
              signalAndWait(all, "-KILL");
            });
  }

  private void signalAndWait(List<ProcessHandle> processes, String signal) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    processes.forEach(p -> command.add(String.valueOf(p.pid())));
    run(command);
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(STEP_TIMEOUT_S, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError(
            "PostgreSQL process " + p.pid() + " did not exit after kill " + signal, e);
      }
    }
  }

  /** The running postmaster, named by the first line of postmaster.pid. */
  private Optional<ProcessHandle> postmaster() {
    Path pidFile = dataDir().resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  public String logText() {
    try {
      Path log = dir.resolve("server.log");
      return Files.exists(log) ? Files.readString(log) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  private Path dataDir() {
    return dir.resolve("data");
  }

  private static boolean runningAsRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private List<String> asPostgres(String... command) {
    List<String> full = new ArrayList<>();
    if (runningAsRoot()) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return full;
  }

  /**
   * Runs a command to completion; its output goes to a file so a chatty tool never blocks on a full
   * pipe.
   */
  private void run(List<String> command) {
    try {
      Path out = Files.createTempFile("facegate-pg-cmd", ".log");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(STEP_TIMEOUT_S, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new AssertionError(
              String.join(" ", command) + " did not finish within " + STEP_TIMEOUT_S + " s");
        }
        if (process.exitValue() != 0) {
          throw new AssertionError(
              String.join(" ", command)
                  + " failed (exit "
                  + process.exitValue()
                  + "): "
                  + Files.readString(out)
                  + "\nserver log:\n"
                  + logText());
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    }
  }

  /** Stops the server and deletes its directory. */
  @Override
  public void close() {
    stop();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
