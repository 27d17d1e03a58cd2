package io.facegate.index;

import java.util.List;

/** Scores every row: always right, and its cost grows linearly with the gallery. */
final class ExactScan implements PeopleSearch {
  private final EmbeddingMatrix matrix;

  ExactScan(EmbeddingMatrix matrix) {
    this.matrix = matrix;
  }

  @Override
  public List<Candidate> topPeople(float[] query, int k, boolean spread) {
    return Candidate.best(
        RowSlices.scan(
            matrix.rows(),
            spread,
            (from, to) -> {
              TopPeople top = new TopPeople(k);
              for (int r = from; r < to; r++) {
                top.offer(matrix.ownerAt(r), matrix.dotAt(r, query));
              }
              return top;
            }),
        k);
  }
}
