package io.facegate.app;

import io.facegate.store.StoredEmbedding;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do at boot with stored embeddings made by a model other than the loaded one. Embeddings
 * from another model live in another space: comparing them would be meaningless, so they are never
 * indexed; the choice is only whether the server starts without them.
 */
enum OnModelMismatch {
  /** Do not start: the operator must run the matching model or re-enroll (the default). */
  REFUSE,
  /** Start, leaving the other model's embeddings out of the index (they stay in SQLite). */
  IGNORE_OLD;

  private static final Logger LOG = LoggerFactory.getLogger(OnModelMismatch.class);

  static OnModelMismatch parse(String setting) {
    try {
      return valueOf(setting.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "on_model_mismatch must be refuse or ignore-old, not '" + setting + "'");
    }
  }

  /** The embeddings to index: all of {@code loaded}'s; the others refused or left out loudly. */
  List<StoredEmbedding> select(List<StoredEmbedding> stored, String loaded) {
    Map<String, Long> others =
        stored.stream()
            .filter(e -> !e.modelId().equals(loaded))
            .collect(Collectors.groupingBy(StoredEmbedding::modelId, Collectors.counting()));
    if (others.isEmpty()) {
      return stored;
    }
    if (this == REFUSE) {
      throw new IllegalStateException(
          "the database holds embeddings from model(s) "
              + others.keySet()
              + " but the loaded model is "
              + loaded
              + "; run the matching model, or set on_model_mismatch=ignore-old "
              + "to start without them and re-enroll those people (see docs/operations.md, Upgrades)");
    }
    List<StoredEmbedding> kept = stored.stream().filter(e -> e.modelId().equals(loaded)).toList();
    long people =
        stored.stream()
            .filter(e -> !e.modelId().equals(loaded))
            .map(StoredEmbedding::username)
            .distinct()
            .count();
    LOG.warn(
        "on_model_mismatch=ignore-old: {} embeddings from model(s) {} of {} people are NOT in the index; "
            + "people with no {} embedding cannot be verified or identified until they are re-enrolled",
        stored.size() - kept.size(),
        others,
        people,
        loaded);
    return kept;
  }
}
