package io.facegate.liveness;

import java.util.List;

/**
 * The judgement of a frame sequence. {@code mode} is "active" (a challenge) or "motion" (frames
 * alone). {@code actions} is empty in motion mode; {@code residual} is the sequence's 3-D evidence
 * (the 90th percentile of each frame's planarity residual against the best frame); {@code
 * sharpness} is the frames' median {@link Sharpness}, too low for a face filmed only once when
 * {@code sharpEnough} is false.
 */
public record Verdict(
    String mode,
    boolean passed,
    boolean distinctFrames,
    boolean samePerson,
    boolean motion3d,
    double residual,
    boolean sharpEnough,
    double sharpness,
    List<ActionCheck> actions,
    SequenceMeasures measures) {}
