package io.facegate.store;

import java.util.List;

/** Audit events in id order; {@code next} is the cursor of the following page, null on the last. */
public record AuditPage(List<AuditEvent> events, String next) {}
