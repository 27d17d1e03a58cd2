package io.facegate.http;

import io.facegate.config.Cidr;
import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Who sent a request, for rate limits and the audit. The TCP peer, unless it is a trusted proxy:
 * then the right-most hop of {@code Forwarded} (or, without it, {@code X-Forwarded-For}) that is
 * not itself a trusted proxy. Hops further left were written by the client and prove nothing; an
 * untrusted peer's headers are ignored altogether, so nobody can pick their own rate-limit bucket.
 */
final class ClientAddress {
  /** Routing-context key of the resolved address, set once per request. */
  static final String KEY = "client_address";

  private final List<IpSubnetFilterRule> trusted;

  ClientAddress(List<Cidr> trustedProxies) {
    this.trusted =
        trustedProxies.stream()
            .map(c -> new IpSubnetFilterRule(c.address(), c.prefix(), IpFilterRuleType.ACCEPT))
            .toList();
  }

  String of(HttpServerRequest request) {
    return of(request.remoteAddress().hostAddress(), request.headers());
  }

  /** The client of a request from {@code peer} with these headers. */
  String of(String peer, MultiMap headers) {
    if (!isTrusted(peer)) {
      return peer;
    }
    List<String> hops = hops(headers);
    String nearest = peer;
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (literal(hop) == null) {
        // "unknown", an obfuscated id or garbage: the last address a trusted proxy vouched for.
        return nearest;
      }
      if (!isTrusted(hop)) {
        return hop;
      }
      nearest = hop;
    }
    return nearest;
  }

  private boolean isTrusted(String address) {
    if (trusted.isEmpty()) {
      return false;
    }
    InetAddress literal = literal(address);
    if (literal == null) {
      return false;
    }
    InetSocketAddress socket = new InetSocketAddress(literal, 0);
    return trusted.stream().anyMatch(rule -> rule.matches(socket));
  }

  /** The hops in order (client first), from Forwarded's {@code for=} or X-Forwarded-For. */
  private static List<String> hops(MultiMap headers) {
    List<String> forwarded = headers.getAll("Forwarded");
    List<String> hops = new ArrayList<>();
    if (!forwarded.isEmpty()) {
      for (String element : String.join(",", forwarded).split(",")) {
        hops.add(forParameter(element));
      }
      return hops;
    }
    for (String hop : String.join(",", headers.getAll("X-Forwarded-For")).split(",")) {
      if (!hop.isBlank()) {
        hops.add(withoutPort(hop.strip()));
      }
    }
    return hops;
  }

  /** {@code for=192.0.2.60;proto=https} or {@code for="[2001:db8::17]:4711"}; "" when absent. */
  private static String forParameter(String element) {
    for (String pair : element.split(";")) {
      String[] kv = pair.strip().split("=", 2);
      if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("for")) {
        return withoutPort(kv[1].strip().replace("\"", ""));
      }
    }
    return "";
  }

  /** {@code [v6]:port} → v6, {@code v4:port} → v4; a bare IPv6 address stays as it is. */
  private static String withoutPort(String hop) {
    if (hop.startsWith("[")) {
      int end = hop.indexOf(']');
      return end > 0 ? hop.substring(1, end) : hop;
    }
    int colon = hop.indexOf(':');
    return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
  }

  /** Only literal addresses: a name in a header must never cause a DNS lookup. */
  private static InetAddress literal(String text) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // not reached: the length is 4 or 16
    }
  }
}
