package io.facegate.fleet.central;

import java.time.Instant;

/** A follower's last reported position in the change log, and when it reported it. */
public record ReplicaStatus(String door, String lineage, long seq, Instant seenAt) {}
