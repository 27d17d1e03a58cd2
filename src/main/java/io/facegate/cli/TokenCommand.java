package io.facegate.cli;

import io.facegate.auth.Role;
import io.facegate.auth.TokenService;
import io.facegate.config.FacegateConfig;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Prints a bearer token signed with the same configuration the server uses. */
@Command(name = "token", description = "Print a signed bearer token for scripts and devices.")
public final class TokenCommand implements Callable<Integer> {
  private static final Pattern TTL = Pattern.compile("(\\d+)([smhd])");

  @Option(
      names = "--role",
      required = true,
      split = ",",
      description = "admin, enroll or verify (comma-separated for several)")
  List<String> roles;

  @Option(
      names = "--subject",
      defaultValue = "facegate-cli",
      description = "who the token is for (sub claim)")
  String subject;

  @Option(names = "--ttl", defaultValue = "1h", description = "lifetime such as 30m, 12h, 7d")
  String ttl;

  @Override
  public Integer call() {
    FacegateConfig config = FacegateConfig.load();
    List<Role> parsed = roles.stream().map(Role::parse).toList();
    Vertx vertx = Vertx.vertx();
    try {
      TokenService tokens =
          TokenService.fromConfig(vertx, config.security(), config.storage().dataDir());
      if (!tokens.canMint()) {
        System.err.println(
            "jwt_public_key_file is set: this server only verifies tokens; mint them with the "
                + "private key where they are issued");
        return 2;
      }
      System.out.println(tokens.issue(parsed, subject, parseTtl(ttl)));
      return 0;
    } finally {
      vertx.close();
    }
  }

  static Duration parseTtl(String text) {
    Matcher m = TTL.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("--ttl must look like 30s, 15m, 12h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}
