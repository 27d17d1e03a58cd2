package io.facegate.service;

import io.facegate.index.Candidate;
import io.facegate.index.FaceIndex;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The enrollment rule against one face under two names: a photo whose face reaches the duplicate
 * threshold ({@code duplicate_threshold}; the 1:1 one when auto) against someone else would let
 * either name be claimed with either face. A new person is refused when any other person reaches
 * the threshold; an existing one when another person reaches it and scores higher than the person
 * themselves (a photo of the wrong person). The check reads the index before the store is written,
 * so two simultaneous enrollments of one face can both pass.
 */
final class DuplicateFaces {
  private final FaceIndex index;
  private final double threshold;

  DuplicateFaces(FaceIndex index, double threshold) {
    this.index = index;
    this.threshold = threshold;
  }

  /**
   * Throws DUPLICATE_FACE for the first reading (of {@link FaceReading} or refusal outcomes) that
   * is someone else's face.
   */
  void refuse(String username, List<Object> readings) {
    for (int i = 0; i < readings.size(); i++) {
      if (readings.get(i) instanceof FaceReading reading) {
        refuse(username, i, reading.embedding());
      }
    }
  }

  private void refuse(String username, int photo, float[] embedding) {
    // Two people: if the best is the person being enrolled, the runner-up is the closest other one.
    Candidate other =
        index.identify(embedding, 2).stream()
            .filter(c -> !c.username().equals(username))
            .findFirst()
            .orElse(null);
    if (other == null || other.score() < threshold) {
      return;
    }
    OptionalDouble own = index.scorePerson(username, embedding);
    if (own.isPresent() && own.getAsDouble() >= other.score()) {
      return;
    }
    double score = Math.round(other.score() * 10_000) / 10_000.0;
    throw new FacegateException(
        ErrorCode.DUPLICATE_FACE,
        "image "
            + photo
            + " shows a face already enrolled as '"
            + other.username()
            + "' (score "
            + score
            + ", duplicate threshold "
            + threshold
            + "); nothing was stored",
        new JsonObject().put("index", photo).put("username", other.username()).put("score", score));
  }
}
