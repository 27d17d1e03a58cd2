package io.facegate.store;

/** One stored embedding with its owner, as needed to rebuild the in-memory index. */
public record StoredEmbedding(long id, String username, String modelId, float[] vector) {}
