package io.facegate.fleet.central;

import java.time.Instant;
import java.util.List;

/**
 * Where the latest deletion of {@code username} stands: the seq and time of its log entries, the
 * followers that have applied it (their cursor is at or past {@code seq} on the same lineage) and
 * those that have not yet, each with when it was last seen.
 */
public record Erasure(
    String username,
    long seq,
    Instant at,
    List<ReplicaStatus> applied,
    List<ReplicaStatus> pending) {
  public Erasure {
    applied = List.copyOf(applied);
    pending = List.copyOf(pending);
  }
}
