package io.facegate.service;

/** 1:1: does the photo show the claimed person. */
public record AuthDecision(String username, boolean match, double score, double threshold, Liveness liveness,
    FaceReading probe) {
}
