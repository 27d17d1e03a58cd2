package io.facegate.liveness;

import java.util.List;

/**
 * The judgement of a frame sequence. {@code mode} is "active" (a challenge) or "motion" (frames
 * alone). {@code actions} is empty in motion mode; {@code residual} is the sequence's 3-D evidence
 * (the 90th percentile of each frame's planarity residual against the best frame).
 */
public record Verdict(
    String mode,
    boolean passed,
    boolean distinctFrames,
    boolean samePerson,
    boolean motion3d,
    double residual,
    List<ActionCheck> actions,
    SequenceMeasures measures) {}
