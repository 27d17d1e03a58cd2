package io.facegate.service;

import io.facegate.store.Device;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * POST and PATCH /devices bodies, validated before anything is stored: unknown keys and bad values
 * are BAD_REQUEST naming the field. {@code allowed_groups} null (or absent at creation) lets
 * everyone in; {@code schedule} null means always open; {@code timezone} defaults to UTC.
 */
public final class DeviceSettings {
  public static final Set<String> CREATE_FIELDS =
      Set.of("id", "allowed_groups", "schedule", "timezone", "token_ttl_days");
  public static final Set<String> PATCH_FIELDS = Set.of("allowed_groups", "schedule", "timezone");
  static final int DEFAULT_TOKEN_DAYS = 365;
  static final int MAX_TOKEN_DAYS = 3650;

  private DeviceSettings() {}

  /** The device a POST describes, with the id of the token it will be given. */
  public static Device create(JsonObject body, String tokenId) {
    KnownFields.require(body, CREATE_FIELDS, "a device takes");
    String id = Usernames.require(body.getValue("id") instanceof String s ? s : null);
    String zone =
        body.containsKey("timezone") ? Schedule.zone(body.getValue("timezone")).getId() : "UTC";
    Device device =
        new Device(
            id,
            groups(body.getValue("allowed_groups")),
            schedule(body.getValue("schedule")),
            zone,
            tokenId,
            null);
    Schedule.parse(device.schedule(), Schedule.zone(zone));
    return device;
  }

  /** How long the device's token is valid: {@code token_ttl_days}, 1 to 3650, default 365. */
  public static Duration tokenLifetime(JsonObject body) {
    Object days = body.getValue("token_ttl_days", DEFAULT_TOKEN_DAYS);
    if (!(days instanceof Integer n) || n < 1 || n > MAX_TOKEN_DAYS) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "token_ttl_days must be a whole number from 1 to " + MAX_TOKEN_DAYS);
    }
    return Duration.ofDays(n);
  }

  /**
   * The change a PATCH makes: absent keys are left alone, null clears (everyone; always open; UTC).
   */
  public static UnaryOperator<Device> patch(JsonObject body) {
    KnownFields.require(body, PATCH_FIELDS, "a device takes");
    List<String> groups = groups(body.getValue("allowed_groups"));
    JsonArray schedule = schedule(body.getValue("schedule"));
    String zone =
        body.getValue("timezone") == null
            ? "UTC"
            : Schedule.zone(body.getValue("timezone")).getId();
    return current -> {
      Device changed =
          new Device(
              current.id(),
              body.containsKey("allowed_groups") ? groups : current.allowedGroups(),
              body.containsKey("schedule") ? schedule : current.schedule(),
              body.containsKey("timezone") ? zone : current.timezone(),
              current.tokenId(),
              current.createdAt());
      Schedule.parse(changed.schedule(), Schedule.zone(changed.timezone()));
      return changed;
    };
  }

  private static List<String> groups(Object value) {
    return value == null ? null : ProfilePatch.groups(value);
  }

  private static JsonArray schedule(Object value) {
    if (value != null && !(value instanceof JsonArray)) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST, "schedule must be a list of windows or null");
    }
    return (JsonArray) value;
  }
}
