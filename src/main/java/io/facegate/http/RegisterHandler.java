package io.facegate.http;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.ProfilePatch;
import io.facegate.service.Registration;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.function.Supplier;

/** POST /register: enroll a person from one or more photos. */
final class RegisterHandler extends UploadHandler {
  static final Set<String> PARAMETERS =
      Set.of(
          "username",
          "display_name",
          "metadata",
          "allow_duplicate",
          "images",
          "image",
          "frames",
          "challenge_id");

  private final PeopleAnnouncer announcer;

  RegisterHandler(
      Supplier<FaceService> service,
      BodyReader bodies,
      InferenceGate gate,
      LivenessCounter liveness,
      PeopleAnnouncer announcer) {
    super(service, bodies, gate, 201, liveness);
    this.announcer = announcer;
  }

  @Override
  Future<JsonObject> answer(RoutingContext ctx, RequestBody body) {
    body.acceptOnly(PARAMETERS);
    ctx.put(AuditRecorder.USERNAME, body.field("username"));
    String displayName = ProfilePatch.displayName(body.field("display_name"));
    JsonObject metadata = ProfilePatch.metadata(body.field("metadata"));
    boolean allowDuplicate = body.booleanField("allow_duplicate");
    if (allowDuplicate && !isAdmin(ctx)) {
      throw new FacegateException(
          ErrorCode.FORBIDDEN, "only an admin token may pass allow_duplicate=true");
    }
    return service
        .get()
        .register(
            body.field("username"),
            displayName,
            metadata,
            allowDuplicate,
            body.images(Set.of("images", "image")),
            body.frames())
        .map(
            r -> {
              ctx.put(AuditRecorder.DECISION, "registered");
              announcer.enrolled(ctx, r.username(), r.gallerySeq(), r.added());
              JsonObject answer =
                  new JsonObject()
                      .put("username", r.username())
                      .put("added", r.added())
                      .put("total", r.total())
                      .put("rejected", Registration.toJson(r.rejected()));
              r.gallerySeq().ifPresent(seq -> answer.put("gallery_seq", seq));
              r.liveness().ifPresent(l -> answer.put("liveness", l.toJson()));
              return answer;
            });
  }

  private static boolean isAdmin(RoutingContext ctx) {
    JsonArray roles =
        ctx.user().principal().getJsonArray(TokenService.ROLES_CLAIM, new JsonArray());
    return roles.contains(Role.ADMIN.claim());
  }
}
