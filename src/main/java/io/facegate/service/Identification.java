package io.facegate.service;

import io.facegate.index.Candidate;

import java.util.List;

/** 1:N: who the photo shows, if anyone passes the threshold, with the best candidates. */
public record Identification(boolean match, String username, double score, double threshold,
    List<Candidate> candidates, FaceReading probe) {
}
