package io.facegate.index;

/** A person found by identification; {@code score} is the best cosine over their embeddings. */
public record Candidate(String username, double score) {}
