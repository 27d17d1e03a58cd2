package io.facegate.index;

import com.github.jelmerk.knn.SearchResult;
import com.github.jelmerk.knn.hnsw.HnswIndex;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches the HNSW graph (approximate, measured recall) and checks every hit against the matrix,
 * so an embedding deleted since it went into the graph (kept there as a waypoint) is never
 * returned.
 */
final class GraphSearch implements PeopleSearch {
  private final HnswIndex<Long, float[], Embedding, Float> graph;
  private final EmbeddingMatrix matrix;

  /**
   * Additions not in the graph yet (while it is frozen for a snapshot): few, so scored directly.
   */
  private final List<Embedding> notInGraph;

  GraphSearch(
      HnswIndex<Long, float[], Embedding, Float> graph,
      EmbeddingMatrix matrix,
      List<Embedding> notInGraph) {
    this.graph = graph;
    this.matrix = matrix;
    this.notInGraph = notInGraph;
  }

  @Override
  public List<Candidate> topPeople(float[] query, int k, boolean spread) {
    // Enough neighbours that people with several close embeddings (or deleted ones) don't crowd out
    // the runners-up.
    int neighbours = Math.max(k * 8, 32);
    Map<String, Float> best = new HashMap<>();
    for (SearchResult<Embedding, Float> hit : graph.findNearest(query, neighbours)) {
      String owner = matrix.owner(hit.item().id()); // null: deleted, a tombstone
      if (owner != null) {
        best.merge(owner, 1f - hit.distance(), Math::max);
      }
    }
    for (Embedding added : notInGraph) {
      String owner = matrix.owner(added.id());
      if (owner != null) {
        best.merge(owner, DotProduct.dot(query, added.vector()), Math::max);
      }
    }
    return Candidate.best(best, k);
  }
}
