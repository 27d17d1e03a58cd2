package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.auth.Role;
import io.facegate.testing.ApiClient;
import io.facegate.testing.E2eTier;
import io.facegate.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every route against every role and no token: the roles table of docs/api.md, executable. A
 * permitted request is made cheap to answer (a text body: 415, an unknown person: 404), so the
 * status shows the role check passed without running the models.
 */
@E2eTier
class RolesTest {
  /** method, path, then the status for admin, enroll, verify and no token. */
  static final String[][] TABLE = {
    {"POST", "/register", "415", "415", "403", "401"},
    {"POST", "/verify", "415", "403", "415", "401"},
    {"GET", "/users", "200", "200", "403", "401"},
    {"GET", "/users/nobody", "404", "404", "403", "401"},
    {"DELETE", "/users/nobody", "404", "404", "403", "401"},
    {"DELETE", "/users/nobody/lockout", "204", "403", "403", "401"},
    {"GET", "/audit", "200", "403", "403", "401"},
    {"GET", "/admin/consistency", "200", "403", "403", "401"},
    {"GET", "/healthz", "200", "200", "200", "200"},
    {"GET", "/readyz", "200", "200", "200", "200"},
    {"GET", "/metrics", "200", "200", "200", "200"},
    {"GET", "/openapi.json", "200", "200", "200", "200"},
    {"GET", "/docs", "200", "200", "200", "200"},
    {"GET", "/", "200", "200", "200", "200"},
  };

  static final Role[] COLUMNS = {Role.ADMIN, Role.ENROLL, Role.VERIFY, null};

  @TempDir static Path dataDir;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(dataDir);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> cells() {
    List<Arguments> cells = new ArrayList<>();
    for (String[] row : TABLE) {
      for (int i = 0; i < COLUMNS.length; i++) {
        cells.add(
            Arguments.of(
                row[0],
                row[1],
                COLUMNS[i] == null ? "no token" : COLUMNS[i].claim(),
                Integer.parseInt(row[2 + i])));
      }
    }
    return cells.stream();
  }

  @ParameterizedTest(name = "{0} {1} as {2}: {3}")
  @MethodSource("cells")
  void eachRouteAnswersEachRoleAsTheTableSays(
      String method, String path, String role, int expected) {
    ApiClient client =
        role.equals("no token") ? server.clientWithToken(null) : server.client(Role.parse(role));
    HttpResponse<Buffer> response =
        TestServer.await(
            client
                .request(HttpMethod.valueOf(method), path)
                .putHeader("Content-Type", "text/plain")
                .sendBuffer(Buffer.buffer("not an image")));
    assertEquals(expected, response.statusCode(), response.bodyAsString());
  }
}
