package io.facegate.http;

import io.facegate.events.DoorEvent;
import io.facegate.events.EventPublisher;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Usernames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

/** POST /verify: mode=auth (is this the claimed person) or mode=id (who is this). */
final class VerifyHandler extends UploadHandler {
  private static final String COUNTED = "decision.counted";
  private final DecisionCounter decisions;
  private final EventPublisher events;
  private final Clock clock;

  VerifyHandler(
      Supplier<FaceService> service,
      BodyReader bodies,
      InferenceGate gate,
      DecisionCounter decisions,
      EventPublisher events,
      Clock clock) {
    super(service, bodies, gate, 200);
    this.decisions = decisions;
    this.events = events;
    this.clock = clock;
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    String mode = body.field("mode");
    if (mode == null || !(mode.equals("auth") || mode.equals("id"))) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.BAD_REQUEST, "mode must be 'auth' or 'id'"));
    }
    // Future.future: a synchronous throw (a missing image, a bad username) is counted as a refusal
    // too.
    return Future.<JsonObject>future(p -> decide(ctx, mode, body).onComplete(p))
        .andThen(
            result -> {
              String decision =
                  result.succeeded() ? ctx.get(COUNTED) : DecisionCounter.of(result.cause());
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
    DoorEvent event =
        DoorEvent.of(
            clock.instant(),
            ctx.user() == null ? null : ctx.user().principal().getString("sub"),
            mode,
            decision,
            ctx.get(AuditRecorder.USERNAME),
            answer,
            ctx.get(RequestMdc.KEY));
    ctx.addEndHandler(sent -> events.publish(event));
  }

  private Future<JsonObject> decide(RoutingContext ctx, String mode, RequestBody body) {
    byte[] image = body.singleImage(Set.of("image", "images"));
    if (mode.equals("auth")) {
      String username = Usernames.require(body.field("username"));
      ctx.put(AuditRecorder.USERNAME, username);
      return service
          .get()
          .authenticate(username, image)
          .map(
              d -> {
                audit(ctx, d.match(), d.score());
                ctx.put(COUNTED, d.decision());
                return Json.probe(
                    new JsonObject()
                        .put("mode", "auth")
                        .put("username", d.username())
                        .put("match", d.match())
                        .put("score", Json.score(d.score()))
                        .put("threshold", d.threshold())
                        .put("liveness", d.liveness().toJson()),
                    d.probe());
              });
    }
    return service
        .get()
        .identify(image, body.intField("top_k", 1))
        .map(
            d -> {
              ctx.put(AuditRecorder.USERNAME, d.username());
              audit(ctx, d.match(), d.score());
              ctx.put(COUNTED, d.decision());
              return Json.probe(
                  new JsonObject()
                      .put("mode", "id")
                      .put("match", d.match())
                      .put("username", d.username())
                      .put("score", Json.score(d.score()))
                      .put("threshold", d.threshold())
                      .put("threshold_method", d.idThreshold().method())
                      .put("gallery_size", d.idThreshold().galleryPeople())
                      .put("margin", d.margin())
                      .put("lead", d.lead() == null ? null : Json.score(d.lead()))
                      .put("candidates", Json.candidates(d.candidates()))
                      .put("liveness", d.liveness().toJson()),
                  d.probe());
            });
  }

  private static void audit(RoutingContext ctx, boolean match, double score) {
    ctx.put(AuditRecorder.DECISION, match ? "match" : "no_match");
    ctx.put(AuditRecorder.SCORE, Json.score(score));
  }
}
