package io.facegate.index;

/** One embedding to put in the index: its database id, its owner and the L2-normalized vector. */
public record IndexedEmbedding(long embeddingId, String username, float[] vector) {}
