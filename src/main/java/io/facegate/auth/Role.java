package io.facegate.auth;

import java.util.Arrays;

/** What a token may do; admin may do everything. */
public enum Role {
  ADMIN,
  ENROLL,
  VERIFY;

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
                    "role must be one of admin, enroll, verify; got " + value));
  }
}
