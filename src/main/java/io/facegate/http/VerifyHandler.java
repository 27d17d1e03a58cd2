package io.facegate.http;

import io.facegate.events.DoorEvent;
import io.facegate.events.EventPublisher;
import io.facegate.service.Capture;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Identification;
import io.facegate.service.QualityBounds;
import io.facegate.service.Usernames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** POST /verify: mode=auth (is this the claimed person) or mode=id (who is this). */
final class VerifyHandler extends UploadHandler {
  static final Set<String> PARAMETERS =
      Set.of(
          "mode",
          "username",
          "image",
          "images",
          "frames",
          "challenge_id",
          "top_k",
          "threshold",
          "faces");
  private static final String COUNTED = "decision.counted";
  private final DecisionCounter decisions;
  private final EventPublisher events;
  private final Clock clock;
  private final PeopleAnnouncer announcer;

  VerifyHandler(
      Supplier<FaceService> service,
      BodyReader bodies,
      InferenceGate gate,
      DecisionCounter decisions,
      EventPublisher events,
      Clock clock,
      LivenessCounter liveness,
      PeopleAnnouncer announcer) {
    super(service, bodies, gate, 200, liveness);
    this.decisions = decisions;
    this.events = events;
    this.clock = clock;
    this.announcer = announcer;
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    body.acceptOnly(PARAMETERS);
    String mode = body.field("mode");
    if (mode == null || !(mode.equals("auth") || mode.equals("id"))) {
      return Future.failedFuture(
          new FacegateException(ErrorCode.BAD_REQUEST, "mode must be 'auth' or 'id'"));
    }
    // Future.future: a synchronous throw (a missing image, a bad username) is counted as a refusal
    // too.
    return Future.<JsonObject>future(
            p ->
                decide(ctx, mode, body)
                    .compose(answer -> applyDoorPolicy(ctx, answer))
                    .onComplete(p))
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
    Double threshold = body.doubleField("threshold");
    String faces = body.field("faces");
    if (faces != null && !(faces.equals("all") && mode.equals("id"))) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, "faces may only be 'all', with mode=id");
    }
    if (faces != null && body.frames().isPresent()) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST, "faces=all reads one image; frames judge one person");
    }
    Capture capture = body.capture(Set.of("image", "images"));
    if (mode.equals("auth")) {
      String username = Usernames.require(body.field("username"));
      ctx.put(AuditRecorder.USERNAME, username);
      return service
          .get()
          .authenticate(username, capture, threshold)
          .map(
              d -> {
                audit(ctx, d.match(), d.score());
                ctx.put(COUNTED, d.decision());
                if (d.lockedNow()) {
                  announcer.locked(ctx, d.username());
                }
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
    int topK = body.intField("top_k", 1);
    if (faces != null) {
      return service
          .get()
          .identifyEveryFace(capture.frames().get(0), topK, threshold)
          .map(all -> everyFace(ctx, all));
    }
    return service
        .get()
        .identify(capture, topK, threshold)
        .map(
            d -> {
              ctx.put(AuditRecorder.USERNAME, d.username());
              audit(ctx, d.match(), d.score());
              ctx.put(COUNTED, d.decision());
              return Json.probe(
                  identification(d)
                      .put("mode", "id")
                      .put("threshold_method", d.idThreshold().method())
                      .put("gallery_size", d.idThreshold().galleryPeople()),
                  d.probe());
            });
  }

  /** One decision per usable face; the request counts as a match when any face matched. */
  private static JsonObject everyFace(RoutingContext ctx, List<Identification> all) {
    JsonArray faces = new JsonArray();
    all.forEach(
        d ->
            faces.add(
                identification(d)
                    .put("box", Json.face(d.probe().chosen()).getJsonArray("box"))
                    .put("quality", QualityBounds.toJson(d.probe().quality()))));
    Identification best =
        all.stream()
            .filter(Identification::match)
            .findFirst()
            .orElse(all.isEmpty() ? null : all.get(0));
    if (best != null) {
      ctx.put(AuditRecorder.USERNAME, best.username());
      audit(ctx, best.match(), best.score());
    }
    ctx.put(COUNTED, best == null ? "no_face" : best.decision());
    JsonObject answer = new JsonObject().put("mode", "id").put("faces", faces);
    return best == null
        ? answer
        : answer
            .put("threshold", best.threshold())
            .put("threshold_method", best.idThreshold().method());
  }

  private static JsonObject identification(Identification d) {
    return new JsonObject()
        .put("match", d.match())
        .put("username", d.username())
        .put("score", Json.score(d.score()))
        .put("threshold", d.threshold())
        .put("margin", d.margin())
        .put("lead", d.lead() == null ? null : Json.score(d.lead()))
        .put("candidates", Json.candidates(d.candidates()))
        .put("liveness", d.liveness().toJson());
  }

  /**
   * A registered device's door policy, after the face decision: each match it must not let in
   * becomes {@code match:false} with {@code denied} (the reason), and the door no longer sees who
   * matched or how well; the audit log keeps both for administrators.
   */
  private Future<JsonObject> applyDoorPolicy(RoutingContext ctx, JsonObject answer) {
    String device = ctx.user().principal().getString("sub");
    List<JsonObject> decisions =
        answer.getValue("faces") instanceof JsonArray faces
            ? faces.stream().map(JsonObject.class::cast).toList()
            : List.of(answer);
    List<Future<Void>> checks =
        decisions.stream()
            .filter(d -> Boolean.TRUE.equals(d.getBoolean("match")))
            .map(
                d ->
                    service
                        .get()
                        .doorDenial(device, d.getString("username"))
                        .map(
                            denial -> {
                              denial.ifPresent(reason -> deny(ctx, answer, d, reason));
                              return (Void) null;
                            }))
            .toList();
    return Future.all(checks).map(answer);
  }

  private static void deny(
      RoutingContext ctx, JsonObject answer, JsonObject decision, String reason) {
    decision
        .put("match", false)
        .put("denied", reason)
        .putNull("score")
        .put("candidates", new JsonArray())
        .remove("lead");
    if (!"auth".equals(answer.getString("mode"))) {
      decision.putNull("username");
    }
    ctx.put(AuditRecorder.DECISION, "denied_" + reason);
    // Several faces: the request counts as denied only when no other face matched.
    if (decision == answer
        || !answer.getJsonArray("faces").stream()
            .anyMatch(f -> ((JsonObject) f).getBoolean("match"))) {
      ctx.put(COUNTED, "denied");
    }
  }

  private static void audit(RoutingContext ctx, boolean match, double score) {
    ctx.put(AuditRecorder.DECISION, match ? "match" : "no_match");
    ctx.put(AuditRecorder.SCORE, Json.score(score));
  }
}
