package io.facegate.store;

import java.util.List;

/**
 * What an enrollment stored: the new embedding ids, how many the person has in all, and the gallery
 * change sequence its transaction committed (see {@link StoreRevision}).
 */
public record Enrollment(String username, List<Long> embeddingIds, int totalEmbeddings, long seq) {}
