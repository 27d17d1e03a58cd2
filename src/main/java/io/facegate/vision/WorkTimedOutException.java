package io.facegate.vision;

/** Photo work that went past its {@link WorkDeadline}; it stopped at a stage boundary. */
public final class WorkTimedOutException extends RuntimeException {
  WorkTimedOutException() {
    super("the photo work went past its time bound", null, false, false);
  }
}
