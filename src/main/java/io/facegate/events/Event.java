package io.facegate.events;

import io.vertx.core.buffer.Buffer;

/**
 * One announcement the sinks deliver: a door decision ({@link DoorEvent}) or a change to the people
 * ({@link PeopleEvent}). Built from answers and stored facts only, never from a request body, so no
 * image or embedding can reach it.
 */
public interface Event {
  /** Unique per event: receivers drop duplicates with it (delivery is at least once). */
  String eventId();

  /**
   * The MQTT topic below {@code mqtt_topic_prefix}, such as {@code match} or {@code
   * people/enrolled}.
   */
  String topic();

  /** The JSON body, as published and posted. */
  Buffer toBuffer();
}
