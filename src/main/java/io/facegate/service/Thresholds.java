package io.facegate.service;

/** Cosine similarity a probe must reach: against the claimed person (auth) or the best person (id). */
public record Thresholds(double auth, double id) {
}
