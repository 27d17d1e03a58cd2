package io.facegate.index;

/** One change to the gallery, applied in order with others by {@link FaceIndex#apply}. */
public sealed interface IndexChange {
  /** Stores an embedding; its id must not be in the index (the store never reuses one). */
  record Add(IndexedEmbedding embedding) implements IndexChange {}

  /** Drops an embedding; an id the index does not hold is ignored. */
  record Remove(long embeddingId) implements IndexChange {}
}
