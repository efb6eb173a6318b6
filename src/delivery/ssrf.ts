/**
 * The SSRF guard of callbacks: a callback URL is a place a site's operator chose, but Sluice must not become a way to
 * reach its own network. Every address a host name resolves to is checked, and the connection then goes to that very
 * address (see post.ts), so a DNS answer that changes between check and connect (rebinding) changes nothing.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { formatIp, parseIp } from '../scoring/ip.js';

/** Loopback, private, link-local, unique-local, shared, multicast and reserved ranges. */
const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, bits, 'ipv4');
}
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, bits, 'ipv6');
}

const V4 = 0xffffffffn;

/**
 * The IPv4 addresses an IPv6 address carries, by the forms that reach them: IPv4-compatible `::a.b.c.d`, SIIT
 * `::ffff:0:a.b.c.d`, 6to4 `2002:AABB:CCDD::/48` and Teredo `2001:0:SERVER:…:~CLIENT`.
 * (IPv4-mapped `::ffff:a.b.c.d` is parsed as IPv4 already; NAT64's prefixes are blocked whole.)
 */
function embeddedIpv4(v: bigint): bigint[] {
  if (v >> 32n === 0n || v >> 32n === 0xffff0000n) return [v & V4];
  if (v >> 112n === 0x2002n) return [(v >> 80n) & V4];
  if (v >> 96n === 0x20010000n) return [(v >> 64n) & V4, ~v & V4];
  return [];
}

/** True when `address` (IPv4 or IPv6, in any spelling) is, or carries, an address in a range callbacks may not reach. */
export function isPrivateAddress(address: string): boolean {
  const ip = parseIp(address);
  if (!ip) return true;
  if (ip.version === 4) return blocked.check(formatIp(ip), 'ipv4');
  if (blocked.check(formatIp(ip), 'ipv6')) return true;
  return embeddedIpv4(ip.value).some((v4) => blocked.check(formatIp({ version: 4, value: v4 }), 'ipv4'));
}

/** Raised when a callback URL may not be called; retrying would not help. */
export class ForbiddenTargetError extends Error {
  override readonly name = 'ForbiddenTargetError';
}

/** A checked address to connect to. */
export interface Target {
  readonly address: string;
  readonly family: 4 | 6;
}

/** The URL's host without IPv6 brackets. */
const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * Checks what can be checked without DNS (scheme, credentials, literal addresses); for settings validation.
 * Returns a reason when the URL is refused.
 */
export function refuseCallbackUrl(raw: string, allowPrivate: boolean): string | undefined {
  if (!URL.canParse(raw)) return 'it is not a URL';
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https are allowed';
  if (url.username || url.password) return 'credentials in the URL are not allowed';
  const host = hostOf(url);
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) return 'it points at this machine';
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) return 'it points at a loopback, private or link-local address';
  return undefined;
}

/** Resolves the URL's host and checks every address; returns the one to connect to. */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<Target> {
  const refused = refuseCallbackUrl(url.href, allowPrivate);
  if (refused) throw new ForbiddenTargetError(`Callback URL refused: ${refused}.`);
  const host = hostOf(url);
  const family = isIP(host);
  const addresses = family ? [{ address: host, family }] : await lookup(host, { all: true, verbatim: true });
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new ForbiddenTargetError(`Callback host ${host} resolves to a private address (${bad.address}).`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
