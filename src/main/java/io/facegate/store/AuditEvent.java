package io.facegate.store;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** One audited request; {@code subject}, {@code username}, {@code score} and others may be null. */
public record AuditEvent(
    Instant at,
    String subject,
    String clientIp,
    String method,
    String route,
    int status,
    String username,
    String decision,
    Double score,
    String requestId) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("at", AuditLog.format(at))
        .put("subject", subject)
        .put("client_ip", clientIp)
        .put("method", method)
        .put("route", route)
        .put("status", status)
        .put("username", username)
        .put("decision", decision)
        .put("score", score)
        .put("request_id", requestId);
  }
}
