package io.facegate.auth;

import java.util.Arrays;

/**
 * What a token may do; admin may do everything; replica may only read a central's replication feed.
 */
public enum Role {
  ADMIN,
  ENROLL,
  VERIFY,
  REPLICA;

  public String claim() {
    return name().toLowerCase();
  }

  public static Role parse(String value) {
    return Arrays.stream(values())
        .filter(r -> r.claim().equals(value))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "role must be one of admin, enroll, verify, replica; got " + value));
  }
}
