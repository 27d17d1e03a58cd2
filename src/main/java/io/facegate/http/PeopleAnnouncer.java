package io.facegate.http;

import io.facegate.events.EventPublisher;
import io.facegate.events.PeopleEvent;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Publishes the people events (enrolled, deleted, locked) of a request once its response is out,
 * like the door events: a slow broker or webhook never delays or fails the answer.
 */
final class PeopleAnnouncer {
  /** Builds an event from the time, the caller's subject and the request id. */
  private interface Build {
    PeopleEvent of(Instant time, String device, String requestId);
  }

  private final EventPublisher events;
  private final Clock clock;

  PeopleAnnouncer(EventPublisher events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  void enrolled(RoutingContext ctx, String username, OptionalLong seq, int photos) {
    announce(ctx, (t, d, r) -> PeopleEvent.enrolled(t, username, d, seq, photos, r));
  }

  void deleted(RoutingContext ctx, String username, OptionalLong seq) {
    announce(ctx, (t, d, r) -> PeopleEvent.deleted(t, username, d, seq, r));
  }

  void locked(RoutingContext ctx, String username) {
    announce(ctx, (t, d, r) -> PeopleEvent.locked(t, username, d, r));
  }

  private void announce(RoutingContext ctx, Build build) {
    if (!events.enabled()) {
      return;
    }
    PeopleEvent event =
        build.of(
            clock.instant(),
            ctx.user() == null ? null : ctx.user().principal().getString("sub"),
            ctx.get(RequestMdc.KEY));
    ctx.addEndHandler(sent -> events.publish(event));
  }
}
