package io.facegate.config;

import io.facegate.index.FaceIndex;
import io.facegate.index.Shortlist;

/** How the gallery index searches: exact scan, or a binary-code shortlist from a gallery size. */
public record IndexConfig(Shortlist shortlist) {

  static IndexConfig from(Values v) {
    return new IndexConfig(
        new Shortlist(v.integer("index_shortlist_from"), v.integer("index_shortlist")));
  }

  /** An empty index with these parameters. */
  public FaceIndex emptyIndex(int dimensions) {
    return new FaceIndex(dimensions, shortlist);
  }
}
