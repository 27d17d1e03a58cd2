package io.facegate.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;

/**
 * A profile as the columns {@code display_name, metadata, groups_json, valid_until} of {@code
 * people}: the same text encodings in SQLite and in the central's PostgreSQL, so a replica stores
 * exactly what the central holds.
 */
public final class ProfileColumns {
  private ProfileColumns() {}

  /** The four values, in column order. */
  public static Tuple values(Profile p) {
    return Tuple.of(
        p.displayName(),
        p.metadata() == null ? null : p.metadata().encode(),
        new JsonArray(p.groups()).encode(),
        p.validUntil() == null ? null : p.validUntil().toString());
  }

  /** Read from a row holding the four columns under their names. */
  public static Profile of(Row row) {
    String metadata = row.getString("metadata");
    String validUntil = row.getString("valid_until");
    List<String> groups =
        new JsonArray(row.getString("groups_json")).stream().map(String::valueOf).toList();
    return new Profile(
        row.getString("display_name"),
        metadata == null ? null : new JsonObject(metadata),
        groups,
        validUntil == null ? null : Instant.parse(validUntil));
  }
}
