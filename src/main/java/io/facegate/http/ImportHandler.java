package io.facegate.http;

import io.facegate.fleet.CentralWrites;
import io.facegate.fleet.central.CentralGallery;
import io.facegate.fleet.central.CentralUnavailableException;
import io.facegate.fleet.central.ImportResult;
import io.facegate.fleet.central.ImportedPerson;
import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.service.ProfilePatch;
import io.facegate.service.Usernames;
import io.facegate.store.PeopleTransfer;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /admin/import} on a central: the people of an export (JSON lines, as the {@code
 * export} command writes them) streamed into the central gallery, {@link
 * CentralGallery#IMPORT_BATCH} people per transaction with their change-log entries, so doors
 * receive them like any enrollment; the body is never held whole (at most {@link #IN_FLIGHT}
 * batches). A bad line stops the import: the batches before it stay committed, and the error says
 * how many people they held.
 */
final class ImportHandler {
  static final String CONTENT_TYPE = "application/x-ndjson";

  /** A person with a few hundred embeddings fits; a line longer than this is refused (413). */
  static final int MAX_LINE_BYTES = 1 << 20;

  /** Batches parsed ahead of the database: one committing and one waiting. */
  private static final int IN_FLIGHT = 2;

  private final CentralWrites writes;
  private final String modelId;
  private final int dimensions;

  ImportHandler(CentralWrites writes, String modelId, int dimensions) {
    this.writes = writes;
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  void handle(RoutingContext ctx) {
    String type = String.valueOf(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE)).toLowerCase();
    if (!type.startsWith(CONTENT_TYPE)) {
      ApiErrors.send(
          ctx,
          ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the people as " + CONTENT_TYPE + ": one export line per person");
      return;
    }
    new Upload(ctx).start();
  }

  /** One request's import: the batch being filled and what is committed so far. */
  private final class Upload {
    private final RoutingContext ctx;
    private final RecordParser lines;
    private List<ImportedPerson> batch = new ArrayList<>();
    private Set<String> inBatch = new HashSet<>();
    private ImportResult committed = new ImportResult(0, 0, 0);
    private Future<Void> committing = Future.succeededFuture();
    private int inFlight;
    private int lineNumber;
    private boolean ended;
    private boolean failed;

    Upload(RoutingContext ctx) {
      this.ctx = ctx;
      this.lines = RecordParser.newDelimited("\n", ctx.request()).maxRecordSize(MAX_LINE_BYTES);
    }

    void start() {
      lines.handler(this::line);
      lines.exceptionHandler(
          e ->
              fail(
                  e instanceof IllegalStateException
                      ? new FacegateException(
                          ErrorCode.TOO_LARGE,
                          "line "
                              + (lineNumber + 1)
                              + " is longer than "
                              + MAX_LINE_BYTES
                              + " bytes")
                      : new FacegateException(ErrorCode.BAD_REQUEST, "the upload broke off")));
      lines.endHandler(v -> finish());
      lines.resume();
    }

    private void line(Buffer raw) {
      lineNumber++;
      String text = raw.toString(StandardCharsets.UTF_8).strip();
      if (failed || text.isEmpty()) {
        return;
      }
      ImportedPerson person;
      try {
        person = admit(PeopleTransfer.parseLine(text));
      } catch (IllegalArgumentException | FacegateException e) {
        fail(new FacegateException(ErrorCode.BAD_REQUEST, "line " + lineNumber + " " + reason(e)));
        return;
      }
      // One statement cannot upsert a person twice: a repeated username starts the next batch.
      if (inBatch.contains(person.username())) {
        commit();
      }
      batch.add(person);
      inBatch.add(person.username());
      if (batch.size() == CentralGallery.IMPORT_BATCH) {
        commit();
      }
    }

    /**
     * Queues the batch behind the one committing, in file order; reading goes on meanwhile (parsing
     * overlaps the database's work) and pauses while {@link #IN_FLIGHT} batches wait.
     */
    private void commit() {
      List<ImportedPerson> full = batch;
      batch = new ArrayList<>();
      inBatch = new HashSet<>();
      if (++inFlight >= IN_FLIGHT) {
        lines.pause();
      }
      committing =
          committing
              .compose(v -> writes.importPeople(full))
              .map(
                  done -> {
                    committed =
                        new ImportResult(
                            committed.people() + done.people(),
                            committed.embeddings() + done.embeddings(),
                            done.seq());
                    if (inFlight-- == IN_FLIGHT && !ended && !failed) {
                      lines.resume();
                    }
                    return (Void) null;
                  })
              .onFailure(this::fail);
    }

    /** The parser may signal the end again on a later resume: only the first counts. */
    private void finish() {
      if (failed || ended) {
        return;
      }
      ended = true;
      if (!batch.isEmpty()) {
        commit();
      }
      committing
          .compose(v -> committed.seq() > 0 ? writes.applied(committed.seq()) : committing)
          .onSuccess(
              v -> {
                if (!failed) {
                  ctx.json(
                      new JsonObject()
                          .put("people", committed.people())
                          .put("embeddings", committed.embeddings())
                          .put("gallery_seq", committed.seq()));
                }
              });
    }

    /**
     * Answers the error once, with what the batches before it committed, once this instance's
     * replica holds them; the rest of the body is read and dropped so the client gets the answer
     * rather than a reset connection.
     */
    private void fail(Throwable error) {
      if (failed) {
        return;
      }
      failed = true;
      if (!ctx.request().isEnded()) {
        ctx.request().handler(ignored -> {});
        ctx.request().resume();
      }
      // The batches before the bad line finish committing first, so the answer counts them.
      committing
          .transform(settled -> Future.<Void>succeededFuture())
          .compose(
              v ->
                  committed.seq() > 0
                      ? writes.applied(committed.seq())
                      : Future.<Void>succeededFuture())
          .onComplete(v -> ApiErrors.send(ctx, withWhatWasStored(error)));
    }

    private Throwable withWhatWasStored(Throwable error) {
      String stored =
          committed.people() == 0
              ? "nothing was imported"
              : "the "
                  + committed.people()
                  + " people before it were imported (through gallery seq "
                  + committed.seq()
                  + ")";
      FacegateException refusal =
          error instanceof CentralUnavailableException down
              ? new FacegateException(
                  ErrorCode.CENTRAL_UNAVAILABLE,
                  down.getMessage() + "; retry the rest later",
                  new JsonObject().put(FacegateException.RETRY_AFTER, 1))
              : error instanceof FacegateException e ? e : null;
      if (refusal == null) {
        return error; // a fault of the server's: logged and answered 500
      }
      return new FacegateException(
          refusal.code(),
          refusal.getMessage() + "; " + stored,
          refusal
              .details()
              .copy()
              .put("imported_people", committed.people())
              .put("gallery_seq", committed.seq()));
    }

    /** The person as the central stores them, or the reason the line is refused. */
    private ImportedPerson admit(PeopleTransfer.Person p) {
      Usernames.require(p.username());
      ProfilePatch.displayName(p.displayName());
      if (p.vectors().isEmpty()) {
        throw new IllegalArgumentException(p.username() + " has no embeddings");
      }
      for (int i = 0; i < p.vectors().size(); i++) {
        if (!p.modelIds().get(i).equals(modelId)) {
          throw new IllegalArgumentException(
              "holds an embedding made by "
                  + p.modelIds().get(i)
                  + ", not this central's model "
                  + modelId
                  + ": it could never match; re-enroll that person");
        }
        if (p.vectors().get(i).length != dimensions) {
          throw new IllegalArgumentException(
              "holds an embedding of "
                  + p.vectors().get(i).length
                  + " numbers; this central's model makes "
                  + dimensions);
        }
      }
      return new ImportedPerson(p.username(), p.displayName(), modelId, p.vectors());
    }
  }

  private static String reason(RuntimeException e) {
    return e instanceof FacegateException ? "(" + e.getMessage() + ")" : e.getMessage();
  }
}
