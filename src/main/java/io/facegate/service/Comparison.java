package io.facegate.service;

/**
 * POST /compare: are the faces of two photos the same person, by the 1:1 threshold; {@code
 * liveness} is the first capture's (the live one).
 */
public record Comparison(
    double score,
    boolean match,
    double threshold,
    Liveness liveness,
    FaceReading first,
    FaceReading second) {}
