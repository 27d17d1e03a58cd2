package io.facegate.enroll;

import java.nio.file.Path;
import java.util.List;

/** One person to enroll: the username, an optional display name, their groups and photo files. */
record Enrollee(String username, String displayName, List<String> groups, List<Path> photos) {
  Enrollee {
    groups = List.copyOf(groups);
    photos = List.copyOf(photos);
  }
}
