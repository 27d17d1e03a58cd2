package io.facegate.http;

import static io.facegate.testing.Responses.assertStatus;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.EvaluationSets;
import io.facegate.testing.EvaluationTier;
import io.facegate.testing.TestServer;
import io.facegate.tools.eval.LabeledFolder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the duplicate-face rule would cost and catch at several thresholds on lfw-dev (one identity
 * per folder), through the API. People are enrolled one by one in name order with their first
 * photo; before each, a 1:N search gives their best score against everyone already enrolled: at
 * threshold t, each score at or above t is a genuine new person refused (false refusal). Then a
 * second photo of each person with several is searched: a top score at or above t is a duplicate
 * caught. Enrollment passes allow_duplicate so that every person is in the gallery whatever t would
 * have refused.
 */
@E2eTier
class DuplicateFacesEvaluationTest {
  static final double[] THRESHOLDS = {0.48, 0.50, 0.52, 0.55, 0.58, 0.60, 0.62, 0.65};

  @TempDir Path dataDir;

  private record Enrollee(String username, Path photo) {}

  /** The protocol of the open-set-gallery acceptance check: people/ only. */
  @Test
  @EvaluationTier
  void peopleWithSeveralPhotos() throws IOException {
    LabeledFolder people = LabeledFolder.read(EvaluationSets.path("lfw-dev/people"));
    measure("people/ (383)", firstPhotos(List.of(people)), people);
  }

  @Test
  @EvaluationTier
  void peopleAndStrangers() throws IOException {
    LabeledFolder people = LabeledFolder.read(EvaluationSets.path("lfw-dev/people"));
    LabeledFolder strangers = LabeledFolder.read(EvaluationSets.path("lfw-dev/strangers"));
    measure("people/ and strangers/ (683)", firstPhotos(List.of(people, strangers)), people);
  }

  private static List<Enrollee> firstPhotos(List<LabeledFolder> folders) {
    List<Enrollee> firsts = new ArrayList<>();
    folders.forEach(
        f -> f.people().forEach(p -> firsts.add(new Enrollee(p.name(), p.photos().get(0)))));
    firsts.sort(Comparator.comparing(Enrollee::username));
    return firsts;
  }

  private void measure(String set, List<Enrollee> enrollees, LabeledFolder withSeconds) {
    // Not rate limited: one caller enrolls hundreds of people back to back.
    try (TestServer server =
        TestServer.start(TestServer.config(dataDir).with("rate_limit_per_second", 0))) {
      ApiClient admin = server.client(Role.ADMIN);
      List<Double> newcomers = new ArrayList<>();
      for (Enrollee e : enrollees) {
        Double best = bestScore(admin, e.photo());
        HttpResponse<Buffer> answer =
            TestServer.await(
                admin.registerAsync(e.username(), Map.of("allow_duplicate", "true"), e.photo()));
        if (answer.statusCode() == 201 && best != null) {
          newcomers.add(best);
        }
      }
      List<Double> seconds = new ArrayList<>();
      for (LabeledFolder.Person p : withSeconds.withSeveralPhotos()) {
        Double best = bestScore(admin, p.photos().get(1));
        if (best != null) {
          seconds.add(best);
        }
      }
      StringBuilder table =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "duplicate faces on lfw-dev %s: %d newcomers searched, %d second photos%n| threshold | new people refused "
                      + "| duplicates caught |%n",
                  set,
                  newcomers.size(),
                  seconds.size()));
      for (double t : THRESHOLDS) {
        long refused = newcomers.stream().filter(s -> s >= t).count();
        long caught = seconds.stream().filter(s -> s >= t).count();
        table.append(
            String.format(
                Locale.ROOT,
                "| %.2f | %d (%.1f%%) | %d (%.1f%%) |%n",
                t,
                refused,
                100.0 * refused / newcomers.size(),
                caught,
                100.0 * caught / seconds.size()));
      }
      System.out.print(table);
      // Bounds around what was measured (docs/decisions.md): the 1:1 threshold refuses many
      // newcomers, a
      // higher one far fewer; a regression in the embeddings or the search shows here.
      long atAuth = newcomers.stream().filter(s -> s >= 0.48).count();
      long atSixty = newcomers.stream().filter(s -> s >= 0.60).count();
      assertTrue(atSixty <= 0.01 * newcomers.size() && atAuth > atSixty, table.toString());
    }
  }

  /**
   * The best score of the photo's face against everyone enrolled, null when nobody is or it has no
   * usable face.
   */
  private static Double bestScore(ApiClient admin, Path photo) {
    HttpResponse<Buffer> answer = admin.identify(photo);
    if (answer.statusCode() != 200) {
      return null;
    }
    JsonArray candidates = assertStatus(answer, 200).getJsonArray("candidates");
    return candidates.isEmpty() ? null : ((JsonObject) candidates.getValue(0)).getDouble("score");
  }
}
