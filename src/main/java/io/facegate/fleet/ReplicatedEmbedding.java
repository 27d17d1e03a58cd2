package io.facegate.fleet;

/** One embedding of the central gallery with its owner, under the central's embedding id. */
public record ReplicatedEmbedding(
    long id, String username, String displayName, String modelId, float[] vector) {}
