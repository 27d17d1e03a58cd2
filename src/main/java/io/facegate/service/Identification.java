package io.facegate.service;

import io.facegate.index.Candidate;

import java.util.List;

/**
 * 1:N: who the photo shows, if anyone passes the rule, with the best candidates. {@code lead} (which must reach {@code margin}) is
 * the best person's score minus the runner-up's, null with only one person enrolled.
 */
public record Identification(boolean match, String username, double score, double threshold, double margin, Double lead,
    List<Candidate> candidates, Liveness liveness, FaceReading probe) {
}
