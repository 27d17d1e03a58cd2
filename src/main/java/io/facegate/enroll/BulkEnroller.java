package io.facegate.enroll;

import io.facegate.cli.ProgressBar;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enrolls people a few at a time over the HTTP API: each person's photos in requests of at most
 * {@code perRequest}, then their groups; a person is recorded as done once at least one photo is
 * stored and the groups are set, and every photo left out is written to the refusal report. A
 * refused token stops the run (every request would fail the same way).
 */
final class BulkEnroller {
  /** What a run did; {@code seconds} counts only the people it sent. */
  record Summary(int skipped, int sent, int enrolled, int refusals, double seconds) {}

  private record Photo(Path path, byte[] bytes) {}

  private final EnrollApi api;
  private final EnrollState state;
  private final RefusalReport report;
  private final int concurrency;
  private final int perRequest;
  private final boolean allowDuplicates;

  BulkEnroller(
      EnrollApi api,
      EnrollState state,
      RefusalReport report,
      int concurrency,
      int perRequest,
      boolean allowDuplicates) {
    this.api = api;
    this.state = state;
    this.report = report;
    this.concurrency = concurrency;
    this.perRequest = perRequest;
    this.allowDuplicates = allowDuplicates;
  }

  Summary run(List<Enrollee> people, ProgressBar progress) throws InterruptedException {
    List<Enrollee> todo = people.stream().filter(p -> !state.isDone(p.username())).toList();
    long start = System.nanoTime();
    AtomicInteger finished = new AtomicInteger();
    AtomicInteger enrolled = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (Enrollee person : todo) {
        tasks.add(
            pool.submit(
                () -> {
                  if (enroll(person)) {
                    state.markDone(person.username());
                    enrolled.incrementAndGet();
                  }
                  progress.done(finished.incrementAndGet(), todo.size());
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
    return new Summary(
        people.size() - todo.size(),
        todo.size(),
        enrolled.get(),
        report.rows(),
        (System.nanoTime() - start) / 1e9);
  }

  private boolean enroll(Enrollee person) {
    List<Photo> photos = read(person);
    if (person.photos().isEmpty()) {
      report.refuse(person.username(), null, "NO_PHOTOS", "no photo for this person");
    }
    int stored = 0;
    for (int from = 0; from < photos.size(); from += perRequest) {
      stored += register(person, photos.subList(from, Math.min(photos.size(), from + perRequest)));
    }
    if (stored == 0) {
      return false;
    }
    if (person.groups().isEmpty()) {
      return true;
    }
    EnrollApi.Answer answer = api.setGroups(person.username(), person.groups());
    if (!answer.ok()) {
      stopIfTokenRefused(answer);
      report.refuse(person.username(), null, answer.error(), answer.message());
    }
    return answer.ok();
  }

  private List<Photo> read(Enrollee person) {
    List<Photo> photos = new ArrayList<>();
    for (Path path : person.photos()) {
      try {
        photos.add(new Photo(path, Files.readAllBytes(path)));
      } catch (IOException e) {
        report.refuse(person.username(), path, "UNREADABLE", e.toString());
      }
    }
    return photos;
  }

  /**
   * One request's photos; the number stored. A DUPLICATE_FACE refuses the whole request, so the
   * photo it names is reported and the rest sent again without it.
   */
  private int register(Enrollee person, List<Photo> batch) {
    List<Photo> left = new ArrayList<>(batch);
    while (!left.isEmpty()) {
      EnrollApi.Answer answer =
          api.register(
              person.username(),
              person.displayName(),
              allowDuplicates,
              left.stream().map(Photo::bytes).toList());
      if (answer.ok()) {
        refuseListed(person, left, answer.body().getJsonArray("rejected", new JsonArray()));
        return answer.body().getInteger("added", 0);
      }
      stopIfTokenRefused(answer);
      Integer index = answer.body().getInteger("index");
      if ("DUPLICATE_FACE".equals(answer.error()) && index != null && index < left.size()) {
        Photo culprit = left.remove((int) index);
        report.refuse(person.username(), culprit.path(), answer.error(), answer.message());
        continue;
      }
      JsonArray listed = answer.body().getJsonArray("rejected");
      if (listed != null) {
        refuseListed(person, left, listed);
      } else {
        report.refuse(person.username(), null, answer.error(), answer.message());
      }
      return 0;
    }
    return 0;
  }

  private void refuseListed(Enrollee person, List<Photo> sent, JsonArray rejected) {
    for (int i = 0; i < rejected.size(); i++) {
      JsonObject r = rejected.getJsonObject(i);
      report.refuse(
          person.username(),
          sent.get(r.getInteger("index")).path(),
          r.getString("error"),
          r.getString("message"));
    }
  }

  private static void stopIfTokenRefused(EnrollApi.Answer answer) {
    if (answer.status() == 401 || answer.status() == 403) {
      throw new IllegalStateException(
          "the server refused the token (" + answer.error() + ": " + answer.message() + ")");
    }
  }
}
