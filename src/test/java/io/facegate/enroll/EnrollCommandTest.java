package io.facegate.enroll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestPhotos;
import io.facegate.testing.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code enroll} against a real server: folders and CSV, refusals per photo, resuming. */
@E2eTier
class EnrollCommandTest {
  @TempDir Path dir;
  TestServer server;
  ApiClient admin;

  @BeforeEach
  void start() {
    server = TestServer.start(dir.resolve("data"));
    admin = server.client(Role.ADMIN);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int enroll(String... args) throws Exception {
    EnrollCommand command = new EnrollCommand();
    new CommandLine(command)
        .parseArgs(
            concat(
                List.of(
                    "--server",
                    "http://127.0.0.1:" + server.port(),
                    "--token",
                    server.token(Role.ENROLL)),
                args));
    return command.call();
  }

  private static String[] concat(List<String> first, String... rest) {
    List<String> all = new java.util.ArrayList<>(first);
    all.addAll(List.of(rest));
    return all.toArray(String[]::new);
  }

  private static void copy(Path target, String... photos) throws Exception {
    Files.createDirectories(target);
    for (String photo : photos) {
      Path source = TestPhotos.path(photo);
      Files.copy(source, target.resolve(source.getFileName()));
    }
  }

  private JsonObject person(String username) {
    return admin.get("/users/" + username).bodyAsJsonObject();
  }

  /** username,error of each report row (header skipped). */
  private static Set<String> refusals(Path report) throws Exception {
    return Files.readAllLines(report, StandardCharsets.UTF_8).stream()
        .skip(1)
        .map(line -> line.split(",")[0] + "," + line.split(",")[2])
        .collect(Collectors.toSet());
  }

  @Test
  void aFolderIsEnrolledWithEveryRefusedPhotoReportedAndARerunSkipsWhoIsDone() throws Exception {
    Path staff = dir.resolve("staff");
    copy(staff.resolve("obama"), "people/obama/obama.jpg", "people/obama/obama2.jpg");
    copy(
        staff.resolve("biden"), "people/biden/biden.jpg", "compreface/_cases/broken/truncated.jpg");
    copy(staff.resolve("banner"), "cases/noface/banner.png");
    copy(staff.resolve("zz_impostor"), "people/obama/obama1.jpg");
    Files.createDirectories(staff.resolve("empty"));

    // One at a time: zz_impostor's face is obama's, and is refused only when obama is enrolled
    // first.
    assertEquals(
        1,
        enroll("--folder", staff.toString(), "--concurrency", "1"),
        "refusals make the exit code 1");

    Path report = dir.resolve("staff.refusals.csv");
    assertEquals(
        Set.of(
            "biden,BAD_IMAGE", "banner,NO_FACE", "zz_impostor,DUPLICATE_FACE", "empty,NO_PHOTOS"),
        refusals(report),
        Files.readString(report));
    assertEquals(2, person("obama").getJsonArray("photos").size());
    assertEquals(1, person("biden").getJsonArray("photos").size());
    assertEquals(404, admin.get("/users/zz_impostor").statusCode());
    assertEquals(404, admin.get("/users/banner").statusCode());
    assertTrue(
        Files.readString(report).contains(staff.resolve("zz_impostor/obama1.jpg").toString()),
        "the refused photo is named");
    Path state = dir.resolve("staff.enrolled");
    assertEquals(Set.of("obama", "biden"), Set.copyOf(Files.readAllLines(state)));

    // zz_impostor's folder is fixed; the rerun sends only who is not done.
    Files.delete(staff.resolve("zz_impostor/obama1.jpg"));
    copy(staff.resolve("zz_impostor"), "people/rose_leslie/img1.jpg");
    assertEquals(1, enroll("--folder", staff.toString()), "banner and empty are still refused");
    assertEquals(2, person("obama").getJsonArray("photos").size(), "obama was not sent twice");
    assertEquals(1, person("zz_impostor").getJsonArray("photos").size());
    assertEquals(Set.of("banner,NO_FACE", "empty,NO_PHOTOS"), refusals(report));
  }

  @Test
  void aCsvSetsDisplayNamesAndGroups() throws Exception {
    copy(dir.resolve("photos"), "people/obama/obama.jpg", "people/biden/biden.jpg");
    Path csv = dir.resolve("people.csv");
    Files.writeString(
        csv,
        """
        username,display_name,groups,photos
        obama,"Obama, Barack",staff;night,photos/obama.jpg
        biden,,,photos/biden.jpg;photos/missing.jpg
        """);
    Path state = dir.resolve("state/done.txt");
    Files.createDirectories(state.getParent());
    Path report = dir.resolve("refused.csv");

    assertEquals(
        1,
        enroll(
            "--csv", csv.toString(), "--state", state.toString(), "--report", report.toString()));

    JsonObject obama = person("obama");
    assertEquals("Obama, Barack", obama.getString("display_name"));
    assertEquals(new JsonArray().add("staff").add("night"), obama.getJsonArray("groups"));
    assertEquals(1, person("biden").getJsonArray("photos").size());
    assertEquals(Set.of("biden,UNREADABLE"), refusals(report));
    assertEquals(Set.of("obama", "biden"), Set.copyOf(Files.readAllLines(state)));
  }

  @Test
  void aCsvWithoutTheHeaderIsRefusedBeforeAnythingIsSent() throws Exception {
    Path csv = dir.resolve("people.csv");
    Files.writeString(csv, "obama,Obama,,obama.jpg\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> enroll("--csv", csv.toString()));
    assertTrue(e.getMessage().contains("username,display_name,groups,photos"), e.getMessage());
  }

  @Test
  void aRefusedTokenStopsTheRun() throws Exception {
    copy(dir.resolve("staff/obama"), "people/obama/obama.jpg");
    EnrollCommand command = new EnrollCommand();
    new CommandLine(command)
        .parseArgs(
            "--server",
            "http://127.0.0.1:" + server.port(),
            "--token",
            server.token(Role.VERIFY),
            "--folder",
            dir.resolve("staff").toString());
    IllegalStateException e = assertThrows(IllegalStateException.class, command::call);
    assertTrue(e.getMessage().contains("FORBIDDEN"), e.getMessage());
  }
}
