package io.facegate.index;

import com.github.jelmerk.knn.Item;

/** One gallery vector as the HNSW graph stores it: keyed by embedding id, carrying its owner. */
record Embedding(Long id, String username, float[] vector) implements Item<Long, float[]> {
  @Override
  public int dimensions() {
    return vector.length;
  }
}
