package io.facegate.http;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.service.DeviceSettings;
import io.facegate.service.Doors;
import io.facegate.service.ErrorCode;
import io.facegate.service.FaceService;
import io.facegate.service.FacegateException;
import io.facegate.service.Written;
import io.facegate.store.Device;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** POST, GET /devices and GET, PATCH, DELETE /devices/{id} (role admin). */
final class DevicesHandler {
  private final Supplier<FaceService> service;
  private final BodyReader bodies;
  private final TokenService tokens;

  DevicesHandler(Supplier<FaceService> service, BodyReader bodies, TokenService tokens) {
    this.service = service;
    this.bodies = bodies;
    this.tokens = tokens;
  }

  /**
   * 201 with the device and its verify token (sub: the device id, jti: recorded, so it can be
   * revoked).
   */
  void create(RoutingContext ctx) {
    if (!tokens.canMint()) {
      ApiErrors.send(
          ctx,
          ErrorCode.BAD_REQUEST,
          "this server holds only a public key (jwt_public_key_file) and "
              + "cannot mint device tokens");
      return;
    }
    String tokenId = UUID.randomUUID().toString();
    bodies
        .readJson(ctx.request())
        .compose(
            body -> {
              Device device = DeviceSettings.create(body, tokenId);
              Duration lifetime = DeviceSettings.tokenLifetime(body);
              return doors()
                  .register(device)
                  .map(
                      stored ->
                          json(stored)
                              .put(
                                  "token",
                                  tokens.issue(
                                      List.of(Role.VERIFY), stored.value().id(), lifetime, tokenId))
                              .put("token_expires_in", lifetime.toSeconds()));
            })
        .onSuccess(
            json ->
                ctx.put(AuditRecorder.DECISION, "device_created")
                    .response()
                    .setStatusCode(201)
                    .putHeader("Content-Type", "application/json")
                    .end(json.encode()))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void list(RoutingContext ctx) {
    JsonArray devices = new JsonArray();
    doors().list().forEach(d -> devices.add(json(d)));
    ctx.json(new JsonObject().put("devices", devices));
  }

  void get(RoutingContext ctx) {
    doors()
        .describe(ctx.pathParam("id"))
        .onSuccess(
            detail ->
                ctx.json(
                    json(detail.device())
                        .put(
                            "last_seen",
                            detail.activity().lastSeen() == null
                                ? null
                                : detail.activity().lastSeen().toString())
                        .put("decisions", counts(detail.activity().decisions()))))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void patch(RoutingContext ctx) {
    bodies
        .readJson(ctx.request())
        .compose(body -> doors().update(ctx.pathParam("id"), DeviceSettings.patch(body)))
        .onSuccess(device -> ctx.put(AuditRecorder.DECISION, "device_updated").json(json(device)))
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  void delete(RoutingContext ctx) {
    doors()
        .remove(ctx.pathParam("id"))
        .onSuccess(
            seq -> {
              seq.ifPresent(
                  s -> ctx.response().putHeader(UsersHandler.GALLERY_SEQ_HEADER, Long.toString(s)));
              ctx.put(AuditRecorder.DECISION, "device_deleted").response().setStatusCode(204).end();
            })
        .onFailure(e -> ApiErrors.send(ctx, e));
  }

  /**
   * Every guarded request: a token whose id was revoked (a deleted device's) is refused at once,
   * before its role or body is looked at. Until the server is ready nothing is loaded to check
   * against, and the readiness check refuses the request anyway.
   */
  static void refuseRevoked(RoutingContext ctx, FaceService service) {
    // Tokens minted elsewhere may carry a jti of another JSON type; only this server's (strings)
    // are revocable.
    Object jti = ctx.user().principal().getValue("jti");
    String tokenId = jti instanceof String id ? id : null;
    if (service != null && service.doors().revoked(tokenId)) {
      ApiErrors.send(ctx, new FacegateException(ErrorCode.TOKEN_REVOKED, "this token was revoked"));
    } else {
      ctx.next();
    }
  }

  private static JsonObject counts(Map<String, Long> decisions) {
    JsonObject counts = new JsonObject();
    decisions.forEach(counts::put);
    return counts;
  }

  private Doors doors() {
    return service.get().doors();
  }

  /** The device, with the gallery seq of a central's write. */
  private static JsonObject json(Written<Device> written) {
    JsonObject answer = json(written.value());
    written.gallerySeq().ifPresent(seq -> answer.put("gallery_seq", seq));
    return answer;
  }

  private static JsonObject json(Device d) {
    return new JsonObject()
        .put("id", d.id())
        .put("allowed_groups", d.allowedGroups() == null ? null : new JsonArray(d.allowedGroups()))
        .put("schedule", d.schedule())
        .put("timezone", d.timezone())
        .put("created_at", d.createdAt() == null ? null : d.createdAt().toString());
  }
}
