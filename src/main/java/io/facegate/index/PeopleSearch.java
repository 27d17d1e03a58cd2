package io.facegate.index;

import java.util.List;

/**
 * One way to find the people most like a probe among the embeddings of an {@link EmbeddingMatrix}:
 * {@link ExactScan}, {@link ShortlistScan} or {@link GraphSearch}. {@link FaceIndex} picks one per
 * search by gallery size and calls it under its read lock.
 */
interface PeopleSearch {
  /**
   * At most {@code k} people, best first, each scored by their best embedding. {@code spread} lets
   * a scan split over every core (a request's latency); false keeps it on the caller's thread.
   */
  List<Candidate> topPeople(float[] query, int k, boolean spread);
}
