package io.facegate.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What a door controller, an alarm panel or a log collector hears about one /verify decision. It is
 * built from the decision and the verify answer's own fields (score, quality, liveness), never from
 * the request body, so no image byte can reach it.
 *
 * @param eventId unique per event: receivers drop duplicates with it (delivery is at least once)
 * @param device the caller's JWT {@code sub}
 * @param decision a {@code facegate_decisions_total} decision: match, no_match, unknown, spoof,
 *     no_face, ...
 * @param username auth: the claimed username; id: the person matched, or null
 * @param score null when the photo was refused before any comparison
 * @param quality the probe face's quality measures, null when no face was read
 * @param liveness the anti-spoofing verdict, null when no face was read
 */
public record DoorEvent(
    String eventId,
    Instant time,
    String device,
    String mode,
    String decision,
    String username,
    Double score,
    JsonObject quality,
    JsonObject liveness,
    String requestId)
    implements Event {
  /** Milliseconds, fixed width, like the audit log's {@code at}. */
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The event for a verify answer ({@code answer} null when the request was refused). */
  public static DoorEvent of(
      Instant time,
      String device,
      String mode,
      String decision,
      String username,
      JsonObject answer,
      String requestId) {
    return new DoorEvent(
        UUID.randomUUID().toString(),
        time,
        device,
        mode,
        decision,
        username,
        answer == null ? null : answer.getDouble("score"),
        answer == null ? null : copy(answer.getJsonObject("quality")),
        answer == null ? null : copy(answer.getJsonObject("liveness")),
        requestId);
  }

  private static JsonObject copy(JsonObject json) {
    return json == null ? null : json.copy();
  }

  /**
   * Every key is always present, with null for what is unknown. {@code time} is ISO-8601 in UTC, to
   * the millisecond.
   */
  public JsonObject toJson() {
    return new JsonObject()
        .put("event_id", eventId)
        .put("time", TIME.format(time))
        .put("device", device)
        .put("mode", mode)
        .put("decision", decision)
        .put("username", username)
        .put("score", score)
        .put("quality", copy(quality))
        .put("liveness", copy(liveness))
        .put("request_id", requestId);
  }

  /** The decision: {@code <prefix>/match}, {@code <prefix>/denied}... */
  @Override
  public String topic() {
    return decision;
  }

  @Override
  public Buffer toBuffer() {
    return toJson().toBuffer();
  }
}
