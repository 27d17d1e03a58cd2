package io.facegate.service;

import io.facegate.store.Device;
import io.facegate.store.Person;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.Optional;

/**
 * Who a device lets in, applied after the face decision: the person's access must not have ended,
 * they must share a group with the device (when it names any), and the time must be inside its
 * schedule. The first rule broken is the denial: {@code expired}, {@code not_allowed_here}, {@code
 * outside_schedule}.
 */
record DoorPolicy(Device device, Schedule schedule) {
  static DoorPolicy of(Device device) {
    return new DoorPolicy(device, Schedule.parse(device.schedule(), ZoneId.of(device.timezone())));
  }

  Optional<String> denial(Person person, Instant now) {
    if (person.validUntil() != null && !now.isBefore(person.validUntil())) {
      return Optional.of("expired");
    }
    if (device.allowedGroups() != null
        && Collections.disjoint(device.allowedGroups(), person.groups())) {
      return Optional.of("not_allowed_here");
    }
    if (!schedule.open(now)) {
      return Optional.of("outside_schedule");
    }
    return Optional.empty();
  }
}
