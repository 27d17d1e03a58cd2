package io.facegate.fleet.central;

import java.util.List;

/** One person of a bulk import: their embeddings, all made by {@code modelId}. */
public record ImportedPerson(
    String username, String displayName, String modelId, List<float[]> vectors) {}
