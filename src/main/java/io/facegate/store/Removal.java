package io.facegate.store;

import java.util.List;

/**
 * What deleting a person removed: the ids of every embedding of theirs (any model), and the gallery
 * change sequence the delete committed, one step per removed embedding (see {@link StoreRevision}).
 */
public record Removal(List<Long> embeddingIds, long seq) {}
