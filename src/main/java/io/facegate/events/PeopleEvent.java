package io.facegate.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A change to the people an HR system or a door controller mirrors: {@code enrolled} (photos added
 * to a new or existing person), {@code deleted} (the person and every embedding gone), {@code
 * locked} (repeated failed 1:1 verifications locked the username). Names and counts only, never an
 * embedding.
 *
 * @param device the caller's JWT {@code sub}: who enrolled or deleted, or whose attempt locked
 * @param seq the gallery seq of the change on a central, null elsewhere (and for {@code locked},
 *     which changes no stored data)
 * @param photos {@code enrolled}: how many photos were added; null otherwise
 */
public record PeopleEvent(
    String eventId,
    Instant time,
    String event,
    String username,
    String device,
    Long seq,
    Integer photos,
    String requestId)
    implements Event {

  public static PeopleEvent enrolled(
      Instant time,
      String username,
      String device,
      OptionalLong seq,
      int photos,
      String requestId) {
    return of(time, "enrolled", username, device, seq, photos, requestId);
  }

  public static PeopleEvent deleted(
      Instant time, String username, String device, OptionalLong seq, String requestId) {
    return of(time, "deleted", username, device, seq, null, requestId);
  }

  public static PeopleEvent locked(Instant time, String username, String device, String requestId) {
    return of(time, "locked", username, device, OptionalLong.empty(), null, requestId);
  }

  private static PeopleEvent of(
      Instant time,
      String event,
      String username,
      String device,
      OptionalLong seq,
      Integer photos,
      String requestId) {
    return new PeopleEvent(
        UUID.randomUUID().toString(),
        time,
        event,
        username,
        device,
        seq.isPresent() ? seq.getAsLong() : null,
        photos,
        requestId);
  }

  /** {@code <prefix>/people/enrolled}: apart from the decisions, one of which is also "locked". */
  @Override
  public String topic() {
    return "people/" + event;
  }

  /** Every key is always present, with null for what does not apply. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("event_id", eventId)
        .put("event", event)
        .put("time", DoorEvent.TIME.format(time))
        .put("username", username)
        .put("device", device)
        .put("seq", seq)
        .put("photos", photos)
        .put("request_id", requestId);
  }

  @Override
  public Buffer toBuffer() {
    return toJson().toBuffer();
  }
}
