package io.facegate.vision;

/** A position in the original photo's pixel coordinates. */
public record Point(float x, float y) {}
