package io.facegate.enroll;

import io.facegate.cli.ProgressBar;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Bulk enrollment through a running server's HTTP API, so it works against any facegate (a door, a
 * central) with an enroll token and nothing else.
 */
@Command(
    name = "enroll",
    mixinStandardHelpOptions = true,
    description = {
      "Enroll many people through a server's HTTP API: a folder with one sub-folder of photos per"
          + " person (named by username), or a CSV file (username,display_name,groups,photos;"
          + " groups and photos separated by ';').",
      "Resumable: people already done (listed in the state file) are skipped. Photos the server"
          + " refuses are listed in the report; the exit code is 1 when there is any."
    })
public final class EnrollCommand implements Callable<Integer> {
  @Option(
      names = "--server",
      required = true,
      description = "server base URL, e.g. http://127.0.0.1:8080")
  URI server;

  @Option(
      names = "--token",
      defaultValue = "${env:FACEGATE_TOKEN}",
      description = "bearer token with the enroll role (default: $FACEGATE_TOKEN)")
  String token;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--folder", description = "one sub-folder of photos per person")
    Path folder;

    @Option(names = "--csv", description = "username,display_name,groups,photos per line")
    Path csv;

    Path path() {
      return folder != null ? folder : csv;
    }
  }

  @Option(
      names = "--state",
      description = "file of the people done (default: next to the folder or CSV, .enrolled)")
  Path state;

  @Option(
      names = "--report",
      description = "CSV of refused photos (default: next to the folder or CSV, .refusals.csv)")
  Path report;

  @Option(
      names = "--concurrency",
      defaultValue = "2",
      description =
          "requests in flight (default ${DEFAULT-VALUE}, the server's default "
              + "rate_limit_concurrent)")
  int concurrency;

  @Option(
      names = "--photos-per-request",
      defaultValue = "10",
      description = "at most the server's max_images_per_request (default ${DEFAULT-VALUE})")
  int photosPerRequest;

  @Option(
      names = "--allow-duplicates",
      description = "enroll faces that match someone else too (needs an admin token)")
  boolean allowDuplicates;

  @Override
  public Integer call() throws Exception {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("give --token or set FACEGATE_TOKEN");
    }
    if (concurrency < 1 || photosPerRequest < 1) {
      throw new IllegalArgumentException("--concurrency and --photos-per-request must be >= 1");
    }
    List<Enrollee> people =
        source.folder != null
            ? EnrolleeList.fromFolder(source.folder)
            : EnrolleeList.fromCsv(source.csv);
    Path statePath = state != null ? state : beside(source.path(), ".enrolled");
    Path reportPath = report != null ? report : beside(source.path(), ".refusals.csv");
    BulkEnroller.Summary summary;
    try (EnrollState done = EnrollState.open(statePath);
        RefusalReport refusals = RefusalReport.create(reportPath)) {
      summary =
          new BulkEnroller(
                  new EnrollApi(server, token),
                  done,
                  refusals,
                  concurrency,
                  photosPerRequest,
                  allowDuplicates)
              .run(people, ProgressBar.onStderr("people"));
    }
    System.out.printf(
        Locale.ROOT,
        "enrolled %d of %d people in %.1f s (%.1f people/s); %d already done (%s); "
            + "%d refusals (%s)%n",
        summary.enrolled(),
        summary.sent(),
        summary.seconds(),
        summary.seconds() > 0 ? summary.sent() / summary.seconds() : 0.0,
        summary.skipped(),
        statePath,
        summary.refusals(),
        reportPath);
    return summary.refusals() == 0 ? 0 : 1;
  }

  /** {@code /data/staff} gives {@code /data/staff.enrolled}: beside, never inside the folder. */
  private static Path beside(Path source, String suffix) {
    Path absolute = source.toAbsolutePath().normalize();
    return absolute.resolveSibling(absolute.getFileName() + suffix);
  }
}
