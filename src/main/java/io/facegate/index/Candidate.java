package io.facegate.index;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** A person found by identification; {@code score} is the best cosine over their embeddings. */
public record Candidate(String username, double score) {
  /** The {@code k} best of each person's best score, best first. */
  static List<Candidate> best(Map<String, Float> scoreOfPerson, int k) {
    return scoreOfPerson.entrySet().stream()
        .map(e -> new Candidate(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingDouble(Candidate::score).reversed())
        .limit(k)
        .toList();
  }
}
