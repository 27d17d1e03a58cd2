package io.facegate.store;

import java.util.List;

/** One person with each of their stored embeddings, oldest first. */
public record PersonDetail(Person person, List<Photo> photos) {}
