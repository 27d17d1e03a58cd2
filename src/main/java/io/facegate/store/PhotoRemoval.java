package io.facegate.store;

/**
 * The outcome of removing one stored embedding of a person. A person's last embedding is never
 * removed on its own: a person without a face would stay listed but could never be verified. {@code
 * seq} is the change sequence after the removal (meaningful for {@link Outcome#REMOVED} only).
 */
public record PhotoRemoval(Outcome outcome, long seq) {
  public enum Outcome {
    REMOVED,
    NO_PERSON,
    NO_PHOTO,
    LAST_PHOTO
  }
}
