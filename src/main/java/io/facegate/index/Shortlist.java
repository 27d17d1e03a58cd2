package io.facegate.index;

/**
 * When the scan first shortlists by binary code: from {@code from} embeddings, only the {@code
 * size} rows nearest in Hamming distance are scored exactly ({@link ShortlistScan}). {@link #OFF}
 * keeps every scan exact.
 */
public record Shortlist(int from, int size) {
  public static final Shortlist OFF = new Shortlist(Integer.MAX_VALUE, 1);

  public Shortlist {
    if (from < 0 || size < 1) {
      throw new IllegalArgumentException(
          "invalid shortlist settings: from " + from + ", size " + size);
    }
  }

  boolean appliesTo(int embeddings) {
    return embeddings >= from;
  }
}
