package io.facegate.service;

import java.util.regex.Pattern;

/** The contract's username rule: 1-64 characters of [A-Za-z0-9._@-]. */
public final class Usernames {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private Usernames() {}

  public static String require(String username) {
    if (username == null || username.isEmpty()) {
      throw new FacegateException(ErrorCode.BAD_REQUEST, "username is required");
    }
    if (!VALID.matcher(username).matches()) {
      throw new FacegateException(
          ErrorCode.BAD_REQUEST,
          "username must be 1-64 characters of letters, digits, '.', '_', '@' or '-'");
    }
    return username;
  }
}
