package io.facegate.http;

import io.facegate.service.ErrorCode;
import io.facegate.service.FacegateException;
import io.facegate.service.PeopleDirectory;
import io.facegate.service.ProfilePatch;
import io.facegate.store.PeopleFilter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/**
 * GET /users, GET, PATCH and DELETE /users/{username}, DELETE /users/{username}/embeddings/{id}.
 */
final class UsersHandler {
  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;
  private static final Set<String> LIST_PARAMETERS =
      Set.of("limit", "cursor", "q", "group", "min_seq");

  /**
   * A central's delete names the gallery seq it committed, for reads elsewhere to wait for
   * (min_seq).
   */
  static final String GALLERY_SEQ_HEADER = "X-Gallery-Seq";

  private final Supplier<PeopleDirectory> people;
  private final BodyReader bodies;
  private final PeopleAnnouncer announcer;

  UsersHandler(Supplier<PeopleDirectory> people, BodyReader bodies, PeopleAnnouncer announcer) {
    this.announcer = announcer;
    this.people = people;
    this.bodies = bodies;
  }

  void list(RoutingContext ctx) {
    int limit;
    try {
      QueryParameters.acceptOnly(ctx, LIST_PARAMETERS);
      String raw = ctx.request().getParam("limit");
      limit = raw == null ? DEFAULT_PAGE : Integer.parseInt(raw);
    } catch (FacegateException e) {
      ApiErrors.send(ctx, e);
      return;
    } catch (NumberFormatException e) {
      limit = -1;
    }
    if (limit < 1 || limit > MAX_PAGE) {
      ApiErrors.send(
          ctx,
          new FacegateException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE));
      return;
    }
    PeopleFilter filter =
        new PeopleFilter(
            nonEmpty(ctx.request().getParam("q")), nonEmpty(ctx.request().getParam("group")));
    people
        .get()
        .list(limit, ctx.request().getParam("cursor"), filter)
        .onSuccess(
            page -> {
              JsonArray users = new JsonArray();
              page.people().forEach(p -> users.add(Json.person(p)));
              ctx.json(new JsonObject().put("users", users).put("next", page.next()));
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void get(RoutingContext ctx) {
    people
        .get()
        .person(ctx.pathParam("username"))
        .onSuccess(p -> ctx.json(Json.person(p)))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void patch(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    ctx.put(AuditRecorder.USERNAME, username);
    bodies
        .readJson(ctx.request())
        .compose(json -> people.get().updateProfile(username, ProfilePatch.parse(json)))
        .onSuccess(
            written -> {
              JsonObject answer = Json.person(written.value());
              written.gallerySeq().ifPresent(seq -> answer.put("gallery_seq", seq));
              ctx.put(AuditRecorder.DECISION, "updated").json(answer);
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void delete(RoutingContext ctx) {
    ctx.put(AuditRecorder.USERNAME, ctx.pathParam("username"));
    people
        .get()
        .delete(ctx.pathParam("username"))
        .onSuccess(
            seq -> {
              seq.ifPresent(s -> ctx.response().putHeader(GALLERY_SEQ_HEADER, Long.toString(s)));
              announcer.deleted(ctx, ctx.pathParam("username"), seq);
              ctx.put(AuditRecorder.DECISION, "deleted").response().setStatusCode(204).end();
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void deletePhoto(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    ctx.put(AuditRecorder.USERNAME, username);
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      ApiErrors.send(ctx, ErrorCode.BAD_REQUEST, "the embedding id must be a whole number");
      return;
    }
    people
        .get()
        .removePhoto(username, id)
        .onSuccess(
            seq -> {
              seq.ifPresent(s -> ctx.response().putHeader(GALLERY_SEQ_HEADER, Long.toString(s)));
              ctx.put(AuditRecorder.DECISION, "embedding_deleted")
                  .response()
                  .setStatusCode(204)
                  .end();
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  private static String nonEmpty(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
