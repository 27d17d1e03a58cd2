package io.facegate.store;

import java.time.Instant;

/** One stored embedding of a person as shown to clients: never its vector, never image data. */
public record Photo(long id, Instant createdAt, String modelId) {}
