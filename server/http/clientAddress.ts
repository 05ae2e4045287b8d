import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";
import type { Context } from "hono";

/** The proxies whose `X-Forwarded-For` is believed (TRUST_PROXY). */
export interface TrustedProxies {
  /** The addresses and networks, for matching. */
  readonly list: BlockList;
  /** The entries as configured, for logs; empty: no proxy is trusted. */
  readonly entries: readonly string[];
}

/** No trusted proxy: the client is always the socket's peer (the default). */
export const NO_TRUSTED_PROXIES: TrustedProxies = { list: new BlockList(), entries: [] };

/** What the shorthand `loopback` stands for: a proxy on the same machine. */
const LOOPBACK = ["127.0.0.0/8", "::1/128"];

/**
 * A socket on a dual-stack listener reports IPv4 peers as `::ffff:1.2.3.4`; they are
 * compared (and throttled) as the IPv4 address, so both spellings are one client.
 */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1] : address;
}

function family(address: string): "ipv4" | "ipv6" | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}

function addEntry(list: BlockList, entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  const kind = family(normalize(address));
  if (!kind || rest.length > 0) return false;
  if (prefix === undefined) {
    list.addAddress(normalize(address), kind);
    return true;
  }
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > (kind === "ipv4" ? 32 : 128)) return false;
  list.addSubnet(normalize(address), Number(prefix), kind);
  return true;
}

/**
 * Reads TRUST_PROXY: a comma-separated list of proxy addresses and networks (IPv4 or IPv6,
 * optionally in CIDR notation such as `10.0.0.0/8`) and the shorthand `loopback`.
 * @param value - the setting; empty or unset trusts no proxy
 * @returns the trusted proxies
 * @throws Error in German naming the entry that is no address or network
 * @example parseTrustedProxies("loopback, 10.0.0.0/8")
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  if (entries.length === 0) return NO_TRUSTED_PROXIES;
  const list = new BlockList();
  for (const entry of entries) {
    if (entry.toLowerCase() === "loopback") {
      for (const net of LOOPBACK) addEntry(list, net);
    } else if (!addEntry(list, entry)) {
      throw new Error(`TRUST_PROXY: „${entry}" ist keine IP-Adresse und kein Netz. Erwartet wird eine Liste wie „loopback, 10.0.0.5, 192.168.0.0/16, fd00::/8".`);
    }
  }
  return { list, entries };
}

/**
 * Whether an address belongs to a trusted proxy.
 * @param address - an IP address (IPv4-mapped IPv6 counts as IPv4)
 * @param proxies - from `parseTrustedProxies`
 */
export function isTrustedProxy(address: string, proxies: TrustedProxies): boolean {
  const normalized = normalize(address);
  const kind = family(normalized);
  return kind !== null && proxies.list.check(normalized, kind);
}

/** An X-Forwarded-For entry without brackets or port (`[::1]:443`, `1.2.3.4:5678`), or null when it is no address. */
function forwardedEntry(entry: string): string | null {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = normalize(address);
  return family(address) ? address : null;
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most `X-Forwarded-For` entry that is not itself a trusted proxy. Entries to the
 * left of it were written by whoever sent the request and are never believed.
 * @param socketAddress - the TCP peer's address (undefined without a socket, e.g. in app.request tests)
 * @param forwardedFor - the X-Forwarded-For header(s), if any
 * @param proxies - from `parseTrustedProxies`
 * @returns an IP address, or "unknown" without a socket
 * @example resolveClientAddress("127.0.0.1", "203.0.113.7, 10.0.0.2", parseTrustedProxies("loopback, 10.0.0.0/8")) // "203.0.113.7"
 */
export function resolveClientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, proxies: TrustedProxies): string {
  if (!socketAddress) return "unknown";
  let client = normalize(socketAddress);
  if (!isTrustedProxy(client, proxies) || forwardedFor === undefined) return client;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor).split(",").filter((e) => e.trim() !== "");
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = forwardedEntry(hops[i]);
    // A garbled entry from a trusted proxy: keep the last address known to be real rather
    // than let the text pick a throttle bucket.
    if (hop === null) return client;
    client = hop;
    if (!isTrustedProxy(hop, proxies)) return hop;
  }
  return client;
}

/**
 * The client's address of a Hono request served by @hono/node-server (see `resolveClientAddress`).
 * @param c - the request's context
 * @param proxies - from the configuration's `trustProxy`
 */
export function clientAddressOf(c: Context, proxies: TrustedProxies): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return resolveClientAddress(incoming?.socket?.remoteAddress, c.req.header("x-forwarded-for"), proxies);
}

/**
 * The client's address of a raw Node request, e.g. a WebSocket upgrade (see `resolveClientAddress`).
 * @param request - the upgrade request
 * @param proxies - from the configuration's `trustProxy`
 */
export function clientAddressOfRequest(request: IncomingMessage, proxies: TrustedProxies): string {
  return resolveClientAddress(request.socket?.remoteAddress, request.headers["x-forwarded-for"], proxies);
}
