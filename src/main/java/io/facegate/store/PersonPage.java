package io.facegate.store;

import java.util.List;

/**
 * One page of people ordered by username; {@code next} is the cursor of the following page, null on
 * the last.
 */
public record PersonPage(List<Person> people, String next) {}
