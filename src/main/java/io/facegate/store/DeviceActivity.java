package io.facegate.store;

import java.time.Instant;
import java.util.Map;

/**
 * What a device did, read from the audit log (so within its retention): when it last called the API
 * (null: never) and how many /verify answers of each decision it got.
 */
public record DeviceActivity(Instant lastSeen, Map<String, Long> decisions) {}
