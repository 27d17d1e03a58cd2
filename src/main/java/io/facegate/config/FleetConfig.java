package io.facegate.config;

import java.time.Duration;

/**
 * Which part of a fleet this server plays: a standalone box, a central (the gallery in PostgreSQL,
 * replicated into this instance's SQLite), or a follower (a door replicating a central over HTTP).
 */
public record FleetConfig(
    Role role,
    String postgresUrl,
    String postgresPassword,
    String followUrl,
    String followToken,
    String replicaId,
    Duration logRetention,
    Duration staleAfter,
    boolean staleNamesNobody) {

  public enum Role {
    STANDALONE,
    CENTRAL,
    FOLLOWER
  }

  public FleetConfig {
    if (role == Role.CENTRAL && postgresUrl.isBlank()) {
      throw new IllegalArgumentException(
          "role central needs postgres_url (postgresql://USER@HOST:PORT/DATABASE)");
    }
    if (role == Role.FOLLOWER && (followUrl.isBlank() || followToken.isBlank())) {
      throw new IllegalArgumentException(
          "role follower needs follow_url (a central's base URL) and follow_token "
              + "(a token with the role replica)");
    }
  }

  static FleetConfig from(Values v) {
    return new FleetConfig(
        Role.valueOf(v.text("role").toUpperCase(java.util.Locale.ROOT)),
        v.text("postgres_url").strip(),
        v.text("postgres_password"),
        v.text("follow_url").strip(),
        v.text("follow_token").strip(),
        v.text("replica_id").strip(),
        Duration.ofHours(v.longValue("replication_log_retention_hours")),
        Duration.ofSeconds(v.longValue("follower_stale_after_seconds")),
        v.text("follower_stale_policy").equals("unknown"));
  }

  /** The password, or null when none is set. */
  public String postgresPasswordOrNull() {
    return postgresPassword.isEmpty() ? null : postgresPassword;
  }
}
