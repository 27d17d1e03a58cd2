package io.facegate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.facegate.config.Cidr;
import io.facegate.testing.FastTier;
import io.vertx.core.MultiMap;
import java.util.List;
import org.junit.jupiter.api.Test;

@FastTier
class ClientAddressTest {
  private static final ClientAddress BEHIND_PROXIES =
      new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8")));

  private static MultiMap headers(String... nameValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < nameValues.length; i += 2) {
      headers.add(nameValues[i], nameValues[i + 1]);
    }
    return headers;
  }

  @Test
  void anUntrustedPeerIsTheClientWhateverItsHeadersSay() {
    MultiMap spoofed = headers("X-Forwarded-For", "1.2.3.4", "Forwarded", "for=5.6.7.8");
    assertEquals("203.0.113.9", BEHIND_PROXIES.of("203.0.113.9", spoofed));
    assertEquals("10.0.0.5", new ClientAddress(List.of()).of("10.0.0.5", spoofed), "none trusted");
  }

  @Test
  void behindATrustedProxyTheRightMostUntrustedHopIsTheClient() {
    // The client wrote 6.6.6.6 itself; the first proxy appended the address it saw, 198.51.100.7,
    // and the second proxy (10.0.0.2) appended the first one's.
    MultiMap chain = headers("X-Forwarded-For", "6.6.6.6, 198.51.100.7, 10.0.0.2");
    assertEquals("198.51.100.7", BEHIND_PROXIES.of("10.0.0.1", chain));
    assertEquals(
        "198.51.100.7",
        BEHIND_PROXIES.of(
            "10.0.0.1", headers("X-Forwarded-For", "6.6.6.6", "X-Forwarded-For", "198.51.100.7")),
        "several header lines are one list");
    assertEquals(
        "10.1.1.1",
        BEHIND_PROXIES.of("10.0.0.1", headers("X-Forwarded-For", "10.1.1.1, 10.0.0.2")),
        "all hops trusted: the left-most");
    assertEquals("10.0.0.1", BEHIND_PROXIES.of("10.0.0.1", headers()), "no header: the peer");
  }

  @Test
  void forwardedIsPreferredWithQuotedIpv6AndPorts() {
    MultiMap both =
        headers(
            "Forwarded",
            "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=fd00::3",
            "X-Forwarded-For",
            "9.9.9.9");
    assertEquals("2001:db8:cafe::17", BEHIND_PROXIES.of("fd00::1", both));
    assertEquals(
        "198.51.100.7",
        BEHIND_PROXIES.of("10.0.0.1", headers("X-Forwarded-For", "198.51.100.7:5123")),
        "an IPv4 hop with a port");
  }

  @Test
  void aHopThatIsNoAddressStopsAtTheLastTrustedOne() {
    assertEquals(
        "10.0.0.2",
        BEHIND_PROXIES.of("10.0.0.1", headers("X-Forwarded-For", "1.2.3.4, unknown, 10.0.0.2")));
    assertEquals(
        "10.0.0.1", BEHIND_PROXIES.of("10.0.0.1", headers("Forwarded", "for=_hidden;proto=http")));
    assertEquals(
        "10.0.0.1",
        BEHIND_PROXIES.of("10.0.0.1", headers("X-Forwarded-For", "attacker.example")),
        "a host name is never looked up");
  }
}
