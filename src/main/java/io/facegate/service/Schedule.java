package io.facegate.service;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A device's weekly opening hours in its own time zone: windows such as {@code
 * {"days":"mon-fri","from":"08:00","to":"18:00"}}, each open from {@code from} (inclusive) to
 * {@code to} (exclusive, "24:00" for midnight) on the listed days. Times are wall-clock times, so a
 * window opens at 08:00 local on both sides of a daylight-saving change; a time the change skips
 * counts as the hour after it (java.time's rule).
 */
public final class Schedule {
  private static final Map<String, DayOfWeek> DAYS =
      Map.of(
          "mon",
          DayOfWeek.MONDAY,
          "tue",
          DayOfWeek.TUESDAY,
          "wed",
          DayOfWeek.WEDNESDAY,
          "thu",
          DayOfWeek.THURSDAY,
          "fri",
          DayOfWeek.FRIDAY,
          "sat",
          DayOfWeek.SATURDAY,
          "sun",
          DayOfWeek.SUNDAY);
  private static final int MAX_WINDOWS = 32;

  private record Window(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    boolean contains(DayOfWeek day, LocalTime time) {
      return days.contains(day) && !time.isBefore(from) && (to == null || time.isBefore(to));
    }
  }

  private final List<Window> windows;
  private final ZoneId zone;

  private Schedule(List<Window> windows, ZoneId zone) {
    this.windows = windows;
    this.zone = zone;
  }

  /**
   * Validates {@code json} (null: always open) in {@code zone}; BAD_REQUEST naming what is wrong.
   */
  public static Schedule parse(JsonArray json, ZoneId zone) {
    if (json == null) {
      return new Schedule(null, zone);
    }
    if (json.isEmpty() || json.size() > MAX_WINDOWS) {
      throw badRequest(
          "schedule must hold 1 to " + MAX_WINDOWS + " windows (or be null: always open)");
    }
    List<Window> windows = new ArrayList<>();
    for (Object item : json) {
      if (!(item instanceof JsonObject window)
          || !Set.of("days", "from", "to").containsAll(window.fieldNames())) {
        throw badRequest(
            "each schedule window is {\"days\":\"mon-fri\",\"from\":\"08:00\",\"to\":\"18:00\"}");
      }
      LocalTime from = time(window.getValue("from"), false);
      LocalTime to = time(window.getValue("to"), true);
      if (to != null && !to.isAfter(from)) {
        throw badRequest(
            "a schedule window's from must come before its to (windows do not cross midnight: "
                + "split them in two)");
      }
      windows.add(new Window(days(window.getValue("days")), from, to));
    }
    return new Schedule(List.copyOf(windows), zone);
  }

  /** Parses a time zone name, BAD_REQUEST when unknown. */
  public static ZoneId zone(Object name) {
    try {
      return ZoneId.of((String) name);
    } catch (RuntimeException e) {
      throw badRequest("timezone must be an IANA time zone such as Europe/Berlin or UTC");
    }
  }

  public boolean open(Instant at) {
    if (windows == null) {
      return true;
    }
    ZonedDateTime local = at.atZone(zone);
    return windows.stream().anyMatch(w -> w.contains(local.getDayOfWeek(), local.toLocalTime()));
  }

  /** "mon-fri", "sat,sun", "mon,wed-fri" or "daily"; a range may wrap ("fri-mon"). */
  private static Set<DayOfWeek> days(Object value) {
    if (!(value instanceof String text) || text.isBlank()) {
      throw badRequest("a schedule window's days are like mon-fri, sat,sun or daily");
    }
    if (text.equals("daily")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String part : text.split(",")) {
      String[] ends = part.trim().split("-", -1);
      DayOfWeek first = day(ends[0]);
      DayOfWeek last = ends.length == 2 ? day(ends[1]) : first;
      if (ends.length > 2) {
        throw badRequest("a schedule window's days are like mon-fri, sat,sun or daily");
      }
      for (DayOfWeek d = first; ; d = d.plus(1)) {
        days.add(d);
        if (d == last) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String name) {
    DayOfWeek day = DAYS.get(name.trim().toLowerCase());
    if (day == null) {
      throw badRequest(
          "unknown day '" + name.trim() + "' in a schedule (mon, tue, wed, thu, fri, sat, sun)");
    }
    return day;
  }

  /** HH:MM; "24:00" (only as an end) is midnight at the end of the day, returned as null. */
  private static LocalTime time(Object value, boolean end) {
    if (end && "24:00".equals(value)) {
      return null;
    }
    try {
      return LocalTime.parse((String) value);
    } catch (DateTimeParseException | ClassCastException | NullPointerException e) {
      throw badRequest("schedule times are HH:MM (from 00:00, to at most 24:00)");
    }
  }

  private static FacegateException badRequest(String message) {
    return new FacegateException(ErrorCode.BAD_REQUEST, message);
  }
}
