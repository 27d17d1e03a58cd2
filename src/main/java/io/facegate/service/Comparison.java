package io.facegate.service;

/** POST /compare: are the faces of two photos the same person, by the 1:1 threshold. */
public record Comparison(
    double score, boolean match, double threshold, FaceReading first, FaceReading second) {}
