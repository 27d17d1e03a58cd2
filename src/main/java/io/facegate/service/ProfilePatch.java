package io.facegate.service;

import io.facegate.store.Profile;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * PATCH /users/{username}: which profile fields a request changes and to what, validated before
 * anything is written. A key that is absent leaves its field alone; null clears it (groups: to
 * none).
 */
public final class ProfilePatch {
  public static final Set<String> FIELDS =
      Set.of("display_name", "metadata", "groups", "valid_until");

  /** A name for people, not a place to store megabytes of text in the database. */
  public static final int MAX_DISPLAY_NAME = 128;

  /**
   * Metadata is for a badge number or a department, not documents: it travels with every replica.
   */
  public static final int MAX_METADATA_BYTES = 4096;

  public static final int MAX_GROUPS = 64;
  private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final JsonObject changes;

  private ProfilePatch(JsonObject changes) {
    this.changes = changes;
  }

  /** Refuses unknown keys and invalid values up front, naming the field. */
  public static ProfilePatch parse(JsonObject body) {
    KnownFields.require(body, FIELDS, "a person's editable fields are");
    // Parsed once here so a bad value fails before the transaction starts.
    if (body.containsKey("display_name")) {
      displayName(body.getValue("display_name"));
    }
    if (body.containsKey("metadata")) {
      metadata(body.getValue("metadata"));
    }
    if (body.containsKey("groups")) {
      groups(body.getValue("groups"));
    }
    if (body.containsKey("valid_until")) {
      validUntil(body.getValue("valid_until"));
    }
    return new ProfilePatch(body.copy());
  }

  /** The profile after this patch. */
  public UnaryOperator<Profile> change() {
    return current ->
        new Profile(
            changes.containsKey("display_name")
                ? displayName(changes.getValue("display_name"))
                : current.displayName(),
            changes.containsKey("metadata")
                ? metadata(changes.getValue("metadata"))
                : current.metadata(),
            changes.containsKey("groups") ? groups(changes.getValue("groups")) : current.groups(),
            changes.containsKey("valid_until")
                ? validUntil(changes.getValue("valid_until"))
                : current.validUntil());
  }

  public static String displayName(Object value) {
    if (value != null && !(value instanceof String)) {
      throw badRequest("display_name must be a string or null");
    }
    String name = (String) value;
    if (name != null && name.length() > MAX_DISPLAY_NAME) {
      throw badRequest("display_name may be at most " + MAX_DISPLAY_NAME + " characters");
    }
    return name;
  }

  /** A JSON object (or its text, as a multipart field carries it) of at most 4 KB, or null. */
  public static JsonObject metadata(Object value) {
    JsonObject metadata;
    try {
      metadata =
          value == null
              ? null
              : value instanceof JsonObject json ? json : new JsonObject((String) value);
    } catch (DecodeException | ClassCastException e) {
      throw badRequest("metadata must be a JSON object");
    }
    if (metadata != null
        && metadata.encode().getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
      throw badRequest("metadata may be at most " + MAX_METADATA_BYTES + " bytes of JSON");
    }
    return metadata;
  }

  /** Distinct group names in the order given; null means none. */
  public static List<String> groups(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw badRequest("groups must be a list of names");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Object item : array) {
      if (!(item instanceof String name) || !GROUP.matcher(name).matches()) {
        throw badRequest(
            "each group must be 1-64 characters of letters, digits, '.', '_', '@' or '-'");
      }
      names.add(name);
    }
    if (names.size() > MAX_GROUPS) {
      throw badRequest("a person may belong to at most " + MAX_GROUPS + " groups");
    }
    return List.copyOf(names);
  }

  /** An ISO-8601 date-time with an offset (e.g. 2026-12-31T23:59:59Z), or null for never. */
  public static Instant validUntil(Object value) {
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse((String) value).toInstant();
    } catch (DateTimeParseException | ClassCastException e) {
      throw badRequest(
          "valid_until must be an ISO-8601 date-time with an offset, e.g. 2026-12-31T23:59:59Z, or null");
    }
  }

  private static FacegateException badRequest(String message) {
    return new FacegateException(ErrorCode.BAD_REQUEST, message);
  }
}
