package io.facegate.index;

/**
 * HNSW graph settings: {@code m} links per node, {@code efConstruction} candidates kept while
 * inserting, {@code ef} candidates kept while searching. Larger values raise recall and cost.
 */
public record HnswParams(int m, int efConstruction, int ef) {
  public HnswParams {
    if (m < 2 || efConstruction < 1 || ef < 1) {
      throw new IllegalArgumentException(
          "invalid HNSW parameters " + m + "/" + efConstruction + "/" + ef);
    }
  }
}
