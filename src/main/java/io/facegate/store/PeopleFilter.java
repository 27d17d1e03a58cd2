package io.facegate.store;

/**
 * Which people a list shows: {@code prefix} of the username or display name (case-insensitive), and
 * membership of {@code group}; null for either means no condition.
 */
public record PeopleFilter(String prefix, String group) {
  public static final PeopleFilter EVERYONE = new PeopleFilter(null, null);
}
