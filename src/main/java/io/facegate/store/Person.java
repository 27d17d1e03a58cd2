package io.facegate.store;

import java.time.Instant;

/** An enrolled person as listed to clients; {@code displayName} may be null. */
public record Person(String username, String displayName, int embeddings, Instant createdAt) {}
