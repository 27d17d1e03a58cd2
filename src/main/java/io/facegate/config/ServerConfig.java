package io.facegate.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Where the HTTP server listens, over TLS or not, for which browser origins, behind which proxies,
 * and how it stops.
 */
public record ServerConfig(
    String host,
    int port,
    String tlsCertFile,
    String tlsKeyFile,
    List<String> corsOrigins,
    List<Cidr> trustedProxies,
    int idleTimeoutSeconds,
    Duration shutdownGrace,
    String logFormat) {

  public ServerConfig {
    if (tlsCertFile.isBlank() != tlsKeyFile.isBlank()) {
      throw new IllegalArgumentException("set both tls_cert_file and tls_key_file, or neither");
    }
  }

  static ServerConfig from(Values v) {
    return new ServerConfig(
        v.text("host"),
        v.integer("port"),
        v.text("tls_cert_file").strip(),
        v.text("tls_key_file").strip(),
        origins(v.text("cors_origins")),
        v.list("trusted_proxies").stream().map(Cidr::parse).toList(),
        v.integer("idle_timeout_seconds"),
        Duration.ofSeconds(v.longValue("shutdown_grace_seconds")),
        v.text("log_format"));
  }

  public boolean tls() {
    return !tlsCertFile.isEmpty();
  }

  private static List<String> origins(String configured) {
    return Arrays.stream(configured.split(","))
        .map(String::strip)
        .filter(o -> !o.isEmpty())
        .toList();
  }
}
