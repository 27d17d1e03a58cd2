package io.facegate.fleet.central;

/**
 * What a bulk import stored, and the gallery seq its last batch committed (0 when there was
 * nothing).
 */
public record ImportResult(int people, int embeddings, long seq) {}
