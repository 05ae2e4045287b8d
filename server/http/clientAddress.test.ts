import { describe, expect, it } from "vitest";
import { isTrustedProxy, NO_TRUSTED_PROXIES, parseTrustedProxies, resolveClientAddress } from "./clientAddress";

describe("parseTrustedProxies", () => {
  it("trusts nobody when TRUST_PROXY is empty or unset", () => {
    expect(parseTrustedProxies(undefined).entries).toEqual([]);
    expect(parseTrustedProxies(" , ").entries).toEqual([]);
    expect(isTrustedProxy("127.0.0.1", parseTrustedProxies(""))).toBe(false);
  });

  it("matches single addresses, CIDR networks of both families and the loopback shorthand", () => {
    const proxies = parseTrustedProxies("10.0.0.5, 192.168.0.0/16, fd00::/8, loopback");
    expect(isTrustedProxy("10.0.0.5", proxies)).toBe(true);
    expect(isTrustedProxy("10.0.0.6", proxies)).toBe(false);
    expect(isTrustedProxy("192.168.44.1", proxies)).toBe(true);
    expect(isTrustedProxy("fd12::1", proxies)).toBe(true);
    expect(isTrustedProxy("fe80::1", proxies)).toBe(false);
    expect(isTrustedProxy("127.3.2.1", proxies)).toBe(true);
    expect(isTrustedProxy("::1", proxies)).toBe(true);
  });

  it("treats an IPv4-mapped IPv6 peer as its IPv4 address", () => {
    expect(isTrustedProxy("::ffff:10.0.0.5", parseTrustedProxies("10.0.0.5"))).toBe(true);
  });

  it.each(["true", "proxy.example", "10.0.0.0/33", "10.0.0.0/8/1", "::1/129", "10.0.0/8"])("refuses %s with a German message naming it", (value) => {
    expect(() => parseTrustedProxies(`loopback, ${value}`)).toThrow(`TRUST_PROXY: „${value}" ist keine IP-Adresse`);
  });
});

describe("resolveClientAddress", () => {
  const proxies = parseTrustedProxies("loopback, 10.0.0.0/8");

  it("takes the socket address when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7", NO_TRUSTED_PROXIES)).toBe("127.0.0.1");
  });

  it("takes the socket address when the peer is not a trusted proxy", () => {
    expect(resolveClientAddress("198.51.100.9", "203.0.113.7", proxies)).toBe("198.51.100.9");
  });

  it("takes the right-most address that is not a trusted proxy, ignoring what the client put to its left", () => {
    expect(resolveClientAddress("127.0.0.1", "1.1.1.1, 203.0.113.7, 10.0.0.2", proxies)).toBe("203.0.113.7");
    expect(resolveClientAddress("::ffff:127.0.0.1", ["1.1.1.1", "203.0.113.7"], proxies)).toBe("203.0.113.7");
  });

  it("strips ports and brackets from X-Forwarded-For entries", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7:51234", proxies)).toBe("203.0.113.7");
    expect(resolveClientAddress("127.0.0.1", "[2001:db8::1]:443", proxies)).toBe("2001:db8::1");
  });

  it("takes the trusted peer when the proxy sent no X-Forwarded-For", () => {
    expect(resolveClientAddress("127.0.0.1", undefined, proxies)).toBe("127.0.0.1");
  });

  it("stops at a garbled entry and keeps the last real address, so text cannot choose the bucket", () => {
    expect(resolveClientAddress("127.0.0.1", "203.0.113.7, nonsense-1", proxies)).toBe("127.0.0.1");
    expect(resolveClientAddress("127.0.0.1", "nonsense, 10.0.0.2", proxies)).toBe("10.0.0.2");
  });

  it("takes the left-most entry when every hop is a trusted proxy", () => {
    expect(resolveClientAddress("127.0.0.1", "10.1.1.1, 10.0.0.2", proxies)).toBe("10.1.1.1");
  });

  it("answers unknown without a socket", () => {
    expect(resolveClientAddress(undefined, "203.0.113.7", proxies)).toBe("unknown");
  });
});
