package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.E2eTier;
import io.facegate.testing.ExternalProgram;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl examples of docs/api.md (the convention: {@link CurlExamples}) run as written, in page
 * order, with the real curl against a real server holding the clone's photos: each must exit 0 with
 * the status the page states, answer with every field name the page shows, and together they must
 * reach every route of openapi.json that a standalone server serves.
 */
@E2eTier
class ApiDocExamplesTest {
  private static final Path PAGE = Path.of("docs", "api.md");

  /**
   * A central's feed, replica views and import answer 404 on a standalone server; fleet.md shows
   * them.
   */
  private static final Set<String> CENTRAL_ONLY =
      Set.of(
          "GET /replication/changes",
          "GET /replication/snapshot",
          "GET /admin/replicas",
          "GET /admin/erasures/{username}",
          "POST /admin/import");

  @TempDir Path dataDir;

  @Test
  void everyExampleAnswersAsThePageSays() throws Exception {
    Path curl = ExternalProgram.require(ExternalProgram.onPath("curl"), curlMissing());
    CurlExamples page = CurlExamples.parse(Files.readString(PAGE));
    assertEquals(List.of(), page.unrun(), "lines of docs/api.md that curl but are not examples");
    List<String> wrong = new ArrayList<>();
    try (TestServer server = TestServer.start(dataDir)) {
      Map<String, String> variables =
          new HashMap<>(
              Map.of(
                  "TOKEN", server.token(Role.ADMIN),
                  "P", TestPhotos.path("people").toString(),
                  "G", TestPhotos.path("cases/group").toString()));
      for (CurlExamples.Example example : page.examples()) {
        Answer answer = run(curl, example, server.port(), variables);
        Set<String> missing = new TreeSet<>(example.shownFields());
        missing.removeIf(field -> answer.body().contains("\"" + field + "\":"));
        if (answer.exit() != 0 || answer.status() != example.status() || !missing.isEmpty()) {
          wrong.add(
              "docs/api.md line %d: exit %d, status %d (the page says %d), fields not answered %s: %s"
                  .formatted(
                      example.line(),
                      answer.exit(),
                      answer.status(),
                      example.status(),
                      missing,
                      answer.body()));
        }
        // The token a device registration answers is the one the page's door examples use.
        if (answer.body().startsWith("{") && example.request().equals("POST /devices")) {
          variables.put("DOOR", new JsonObject(answer.body()).getString("token"));
        }
      }
    }
    assertEquals(List.of(), wrong);
    Set<String> operations = OpenApiDocument.operations(OpenApiDocument.read());
    Set<String> unshown = new TreeSet<>(operations);
    page.examples()
        .forEach(
            e -> OpenApiDocument.operationOf(e.request(), operations).ifPresent(unshown::remove));
    unshown.removeAll(CENTRAL_ONLY);
    assertEquals(Set.of(), unshown, "routes docs/api.md shows no curl example of");
  }

  private record Answer(int exit, int status, String body) {}

  /**
   * Runs one example in bash with the page's variables set, its URL pointed at the test server, and
   * the real curl asked to write the status to stderr, after anything else it says.
   */
  private static Answer run(
      Path curl, CurlExamples.Example example, int port, Map<String, String> variables)
      throws IOException, InterruptedException {
    String script =
        "set -o pipefail\n"
            + "curl() { '"
            + curl
            + "' \"$@\" --max-time 60 -w '%{stderr}\\n%{http_code}'; }\n"
            + example.command().replace("localhost:8080", "127.0.0.1:" + port);
    // stderr to a file: a command that says much there must not stall on a full pipe.
    Path errors = Files.createTempFile("curl-example", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder("bash", "-c", script).redirectError(errors.toFile());
      builder.environment().putAll(variables);
      Process process = builder.start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "line " + example.line() + " hung");
      String err = Files.readString(errors).strip();
      String last = err.substring(err.lastIndexOf('\n') + 1);
      boolean status = last.matches("\\d{3}");
      return new Answer(
          process.exitValue(), status ? Integer.parseInt(last) : -1, status ? out : out + err);
    } finally {
      Files.delete(errors);
    }
  }

  private static String curlMissing() {
    return "curl is not installed: docs/api.md's examples run with the real curl; install it with"
        + " `apt-get install -y curl`";
  }
}
