package io.facegate.config;

import io.facegate.index.FaceIndex;
import io.facegate.index.HnswParams;
import io.facegate.index.Shortlist;
import java.time.Duration;

/**
 * How the gallery index searches: exact scan, shortlisted scan, or the HNSW graph, and how often it
 * is saved.
 */
public record IndexConfig(
    HnswParams hnsw, Shortlist shortlist, int graphFrom, Duration snapshotEvery) {

  static IndexConfig from(Values v) {
    int graphFrom = v.integer("index_graph_from");
    return new IndexConfig(
        new HnswParams(
            v.integer("index_m"), v.integer("index_ef_construction"), v.integer("index_ef")),
        new Shortlist(v.integer("index_shortlist_from"), v.integer("index_shortlist")),
        graphFrom == 0 ? Integer.MAX_VALUE : graphFrom,
        Duration.ofSeconds(v.longValue("index_snapshot_seconds")));
  }

  /** An empty index with these parameters. */
  public FaceIndex emptyIndex(int dimensions) {
    return new FaceIndex(dimensions, hnsw, graphFrom, shortlist);
  }
}
