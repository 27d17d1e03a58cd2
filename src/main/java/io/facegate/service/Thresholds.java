package io.facegate.service;

/**
 * Cosine similarity a probe must reach: against the claimed person (auth) or the best person
 * (id); in id mode the best person must also lead the runner-up by {@code idMargin}.
 */
public record Thresholds(double auth, double id, double idMargin) {
}
