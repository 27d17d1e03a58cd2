package io.facegate.config;

import io.netty.util.NetUtil;

/**
 * An IP address range in CIDR notation: {@code 10.0.0.0/8}, {@code fd00::/8}; a bare address is a
 * single host. Only literal addresses: a host name would need a DNS lookup at every start.
 */
public record Cidr(String address, int prefix) {
  public static Cidr parse(String text) {
    String[] parts = text.strip().split("/", -1);
    String address = parts[0];
    boolean v4 = NetUtil.isValidIpV4Address(address);
    if (parts.length > 2 || !(v4 || NetUtil.isValidIpV6Address(address))) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or address/prefix");
    }
    int bits = v4 ? 32 : 128;
    if (parts.length == 1) {
      return new Cidr(address, bits);
    }
    try {
      int prefix = Integer.parseInt(parts[1]);
      if (prefix >= 0 && prefix <= bits) {
        return new Cidr(address, prefix);
      }
    } catch (NumberFormatException e) {
      // refused below, with the other bad prefixes
    }
    throw new IllegalArgumentException(
        "'" + text + "': the prefix length must be a whole number from 0 to " + bits);
  }

  @Override
  public String toString() {
    return address + "/" + prefix;
  }
}
