package io.facegate.fleet.central;

import static io.facegate.testing.TestServer.await;

import io.facegate.testing.Postgres;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;

/**
 * One real PostgreSQL server per test class (initdb is the slow part), and a new empty database per
 * test, opened (so migrated) as the central gallery.
 */
@Tag("postgres")
abstract class CentralFixture {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  static Postgres postgres;
  static Vertx vertx;

  String uri;
  CentralDatabase db;
  CentralGallery gallery;
  ChangeLog log;

  @BeforeAll
  static void startPostgres() {
    postgres = Postgres.start();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopPostgres() {
    if (vertx != null) {
      await(vertx.close());
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @BeforeEach
  void openCentral() {
    uri = postgres.createDatabase("gallery_" + DATABASES.incrementAndGet());
    db = await(CentralDatabase.open(vertx, uri, null));
    gallery = new CentralGallery(db);
    log = new ChangeLog(db);
  }

  @AfterEach
  void closeCentral() {
    if (db != null) {
      await(db.close());
    }
  }
}
