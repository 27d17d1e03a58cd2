package io.facegate.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.facegate.store.Device;
import io.facegate.store.Person;
import io.facegate.testing.FastTier;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Door policy rules: schedule boundaries in the device's zone, across daylight-saving changes, and
 * denial order.
 */
@FastTier
class DoorPolicyTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final JsonArray OFFICE_HOURS =
      new JsonArray()
          .add(new JsonObject().put("days", "mon-fri").put("from", "08:00").put("to", "18:00"));

  @Test
  void windowsOpenAtFromAndCloseAtTo() {
    Schedule office = Schedule.parse(OFFICE_HOURS, BERLIN);
    // Tuesday 2026-01-13, Berlin is UTC+1 in winter.
    assertFalse(office.open(Instant.parse("2026-01-13T06:59:59Z")), "07:59:59 local");
    assertTrue(office.open(Instant.parse("2026-01-13T07:00:00Z")), "08:00 local");
    assertTrue(office.open(Instant.parse("2026-01-13T16:59:59Z")), "17:59:59 local");
    assertFalse(office.open(Instant.parse("2026-01-13T17:00:00Z")), "18:00 local");
    assertFalse(office.open(Instant.parse("2026-01-17T10:00:00Z")), "Saturday");
  }

  @Test
  void wallClockHoursHoldAcrossTheDaylightSavingChange() {
    Schedule office = Schedule.parse(OFFICE_HOURS, BERLIN);
    // Clocks go forward on Sunday 2026-03-29: 08:00 local is 07:00 UTC on the Friday before, 06:00
    // UTC on the Monday after.
    assertTrue(office.open(Instant.parse("2026-03-27T07:00:00Z")));
    assertFalse(office.open(Instant.parse("2026-03-27T06:30:00Z")));
    assertTrue(office.open(Instant.parse("2026-03-30T06:00:00Z")));
    assertFalse(office.open(Instant.parse("2026-03-30T05:59:59Z")));
    assertFalse(office.open(Instant.parse("2026-03-30T16:00:00Z")), "18:00 local in summer time");
    // And back on Sunday 2026-10-25: 08:00 local is 07:00 UTC again on Monday.
    assertFalse(office.open(Instant.parse("2026-10-26T06:30:00Z")));
    assertTrue(office.open(Instant.parse("2026-10-26T07:00:00Z")));
    // A night window on the changeover Sunday itself, through the skipped hour 02:00-03:00.
    Schedule night =
        Schedule.parse(
            new JsonArray()
                .add(new JsonObject().put("days", "sun").put("from", "01:00").put("to", "04:00")),
            BERLIN);
    assertTrue(night.open(Instant.parse("2026-03-29T00:30:00Z")), "01:30 CET");
    assertTrue(night.open(Instant.parse("2026-03-29T01:30:00Z")), "03:30 CEST");
    assertFalse(night.open(Instant.parse("2026-03-29T02:00:00Z")), "04:00 CEST");
  }

  @Test
  void daysMayBeListsWrappingRangesOrDailyAndTheDayMayEndAtMidnight() {
    Schedule weekend =
        Schedule.parse(
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("days", "fri-sun,tue")
                        .put("from", "20:00")
                        .put("to", "24:00")),
            ZoneId.of("UTC"));
    assertTrue(weekend.open(Instant.parse("2026-01-18T23:59:59Z")), "Sunday before midnight");
    assertFalse(weekend.open(Instant.parse("2026-01-19T20:00:00Z")), "Monday");
    assertTrue(weekend.open(Instant.parse("2026-01-20T20:00:00Z")), "Tuesday");
    assertTrue(
        Schedule.parse(null, BERLIN).open(Instant.parse("2026-01-18T03:00:00Z")),
        "no schedule: always");
    assertTrue(
        Schedule.parse(
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("days", "daily")
                            .put("from", "00:00")
                            .put("to", "24:00")),
                BERLIN)
            .open(Instant.parse("2026-01-18T03:00:00Z")));
  }

  @Test
  void badSchedulesAreRefusedNamingTheProblem() {
    for (JsonObject window :
        List.of(
            new JsonObject().put("days", "mon-fri").put("from", "18:00").put("to", "08:00"),
            new JsonObject().put("days", "weekdays").put("from", "08:00").put("to", "18:00"),
            new JsonObject().put("days", "mon").put("from", "8am").put("to", "18:00"),
            new JsonObject()
                .put("days", "mon")
                .put("from", "08:00")
                .put("to", "18:00")
                .put("tz", "UTC"))) {
      FacegateException refused =
          assertThrows(
              FacegateException.class,
              () -> Schedule.parse(new JsonArray().add(window), BERLIN),
              window.encode());
      assertEquals(ErrorCode.BAD_REQUEST, refused.code());
    }
    assertEquals(
        ErrorCode.BAD_REQUEST,
        assertThrows(FacegateException.class, () -> Schedule.zone("Mars/Olympus")).code());
  }

  @Test
  void theFirstBrokenRuleIsTheDenial() {
    Device staffDoor =
        new Device("door-3", List.of("staff"), OFFICE_HOURS, "Europe/Berlin", "t", Instant.EPOCH);
    DoorPolicy policy = DoorPolicy.of(staffDoor);
    Instant tuesdayNoon = Instant.parse("2026-01-13T11:00:00Z");
    Instant tuesdayNight = Instant.parse("2026-01-13T22:00:00Z");
    assertEquals(
        Optional.empty(), policy.denial(person(List.of("night", "staff"), null), tuesdayNoon));
    assertEquals(
        Optional.of("outside_schedule"),
        policy.denial(person(List.of("staff"), null), tuesdayNight));
    assertEquals(
        Optional.of("not_allowed_here"),
        policy.denial(person(List.of("visitors"), null), tuesdayNight));
    assertEquals(
        Optional.of("expired"),
        policy.denial(person(List.of("staff"), tuesdayNoon), tuesdayNoon),
        "valid_until is the first instant without access");
    assertEquals(
        Optional.empty(),
        policy.denial(person(List.of("staff"), tuesdayNoon.plusSeconds(1)), tuesdayNoon));
    Device open = new Device("lobby", null, null, "UTC", "t", Instant.EPOCH);
    assertEquals(
        Optional.empty(),
        DoorPolicy.of(open).denial(person(List.of(), null), tuesdayNight),
        "a device without allowed_groups lets everyone in");
  }

  private static Person person(List<String> groups, Instant validUntil) {
    return new Person("ann", null, 1, Instant.EPOCH, null, groups, validUntil);
  }
}
