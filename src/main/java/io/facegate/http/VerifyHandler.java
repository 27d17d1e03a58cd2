package io.facegate.http;

import io.facegate.auth.Lockout;
import io.facegate.events.DoorEvent;
import io.facegate.events.EventPublisher;
import io.facegate.index.Candidate;
import io.facegate.service.AuthDecision;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Usernames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** POST /verify: mode=auth (is this the claimed person) or mode=id (who is this). */
final class VerifyHandler extends UploadHandler {
  private static final String COUNTED = "decision.counted";
  private final Lockout lockout;
  private final DecisionCounter decisions;
  private final EventPublisher events;
  private final Clock clock;

  VerifyHandler(Supplier<FaceService> service, BodyReader bodies, InferenceGate gate, Lockout lockout,
      DecisionCounter decisions, EventPublisher events, Clock clock) {
    super(service, bodies, gate, 200);
    this.lockout = lockout;
    this.decisions = decisions;
    this.events = events;
    this.clock = clock;
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    String mode = body.field("mode");
    if (mode == null || !(mode.equals("auth") || mode.equals("id"))) {
      return Future.failedFuture(new FacegateException(ErrorCode.BAD_REQUEST, "mode must be 'auth' or 'id'"));
    }
    // Future.future: a synchronous throw (a missing image, a bad username) is counted as a refusal too.
    return Future.<JsonObject>future(p -> decide(ctx, mode, body).onComplete(p)).andThen(result -> {
      String decision = result.succeeded() ? ctx.get(COUNTED) : DecisionCounter.of(result.cause());
      decisions.count(mode, decision);
      announce(ctx, mode, decision, result.succeeded() ? result.result() : null);
    });
  }

  /**
   * The door event of a counted decision, built from the answer's fields (never the body), and
   * published once the response is out: a slow broker or webhook never delays or fails the answer.
   */
  private void announce(RoutingContext ctx, String mode, String decision, JsonObject answer) {
    if (!events.enabled()) {
      return;
    }
    DoorEvent event = DoorEvent.of(clock.instant(), ctx.user() == null ? null : ctx.user().principal().getString("sub"),
        mode, decision, ctx.get(AuditRecorder.USERNAME), answer, ctx.get(RequestMdc.KEY));
    ctx.addEndHandler(sent -> events.publish(event));
  }

  private Future<JsonObject> decide(RoutingContext ctx, String mode, RequestBody body) {
    byte[] image = body.singleImage(Set.of("image", "images"));
    if (mode.equals("auth")) {
      String username = Usernames.require(body.field("username"));
      ctx.put(AuditRecorder.USERNAME, username);
      long wait = lockout.begin(username);
      if (wait > 0) {
        return Future.failedFuture(new FacegateException(ErrorCode.LOCKED, "too many failed verifications for '"
            + username + "'; retry in " + wait + " s", new JsonObject().put(ApiErrors.RETRY_AFTER, wait)));
      }
      // Future.future: even a synchronous throw ends the attempt, or it would count against the limit for ever.
      return Future.<AuthDecision>future(p -> service.get().authenticate(username, image).onComplete(p))
          .andThen(result -> lockout.finish(username, result.succeeded() ? result.result().match() : null))
          .map(d -> {
            audit(ctx, d.match(), d.score());
            ctx.put(COUNTED, d.match() ? "match" : d.liveness().vetoes() ? "spoof" : "no_match");
            return Json.probe(new JsonObject()
                .put("mode", "auth").put("username", d.username()).put("match", d.match())
                .put("score", Json.score(d.score())).put("threshold", d.threshold())
                .put("liveness", d.liveness().toJson()), d.probe());
          });
    }
    return service.get().identify(image, body.intField("top_k", 1)).map(d -> {
      List<Candidate> shown = d.candidates().stream().filter(c -> lockout.lockedForSeconds(c.username()) == 0)
          .toList();
      // A locked person is never named, matched or scored in 1:N either: otherwise id mode would be an
      // unlimited oracle for the very face the lockout protects. If they were the best match, nobody matches.
      boolean bestHidden = !d.candidates().isEmpty() && (shown.isEmpty() || shown.get(0) != d.candidates().get(0));
      boolean match = d.match() && !bestHidden;
      double score = bestHidden ? (shown.isEmpty() ? 0 : shown.get(0).score()) : d.score();
      String username = match ? d.username() : null;
      ctx.put(AuditRecorder.USERNAME, username);
      audit(ctx, match, score);
      ctx.put(COUNTED, match ? "match" : d.liveness().vetoes() ? "spoof" : "unknown");
      return Json.probe(new JsonObject()
          .put("mode", "id").put("match", match).put("username", username)
          .put("score", Json.score(score)).put("threshold", d.threshold())
          .put("threshold_method", d.idThreshold().method()).put("gallery_size", d.idThreshold().galleryPeople())
          .put("margin", d.margin()).put("lead", bestHidden || d.lead() == null ? null : Json.score(d.lead()))
          .put("candidates", Json.candidates(shown)).put("liveness", d.liveness().toJson()), d.probe());
    });
  }

  private static void audit(RoutingContext ctx, boolean match, double score) {
    ctx.put(AuditRecorder.DECISION, match ? "match" : "no_match");
    ctx.put(AuditRecorder.SCORE, Json.score(score));
  }
}
