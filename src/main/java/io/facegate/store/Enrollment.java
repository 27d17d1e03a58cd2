package io.facegate.store;

import java.util.List;

/** What an enrollment stored: the new embedding ids, and how many the person has in all. */
public record Enrollment(String username, List<Long> embeddingIds, int totalEmbeddings) {}
