/**
 * IP addresses and CIDR ranges (IPv4 and IPv6) as numbers, and a matcher whose cost does not grow with the number of
 * ranges: ranges are grouped by prefix length, so a lookup is one set probe per distinct prefix length (≤ 129).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** An address as a number; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as IPv4. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: bigint;
}

/** A range: the address's first `prefix` bits. A single address is a range of full length. */
export interface IpRange extends IpAddress {
  readonly prefix: number;
}

const bitsOf = (version: 4 | 6): number => (version === 4 ? 32 : 128);

/** Parses an IPv4 or IPv6 address (a zone like `%eth0` is dropped); undefined when it is not one. */
export function parseIp(input: string): IpAddress | undefined {
  const s = input.trim().toLowerCase().replace(/%.*$/, '');
  if (isIPv4(s)) return { version: 4, value: v4(s) };
  if (!isIPv6(s)) return undefined;
  const value = v6(s);
  if (value >> 32n === 0xffffn) return { version: 4, value: value & 0xffffffffn };
  return { version: 6, value };
}

/** Parses `1.2.3.0/24`, `2001:db8::/32` or a bare address; undefined when invalid. */
export function parseRange(input: string): IpRange | undefined {
  const [addr, len, extra] = input.trim().split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (!ip) return undefined;
  const mappedShift = ip.version === 4 && isIPv6(addr.trim()) ? 96 : 0;
  const max = bitsOf(ip.version);
  if (len === undefined) return { ...ip, prefix: max };
  if (!/^\d{1,3}$/.test(len)) return undefined;
  const prefix = Number(len) - mappedShift;
  if (prefix < 0 || prefix > max) return undefined;
  return { ...ip, value: (ip.value >> BigInt(max - prefix)) << BigInt(max - prefix), prefix };
}

/** Canonical text of a range: `1.2.3.0/24`, `2001:db8::/32`, or the bare address for a full-length range. */
export function formatRange(r: IpRange): string {
  const addr = r.version === 4 ? formatV4(r.value) : formatV6(r.value);
  return r.prefix === bitsOf(r.version) ? addr : `${addr}/${r.prefix}`;
}

/** The /24 (IPv4) or /64 (IPv6) around an address, as text. */
export function subnetOf(ip: IpAddress): string {
  const prefix = ip.version === 4 ? 24 : 64;
  const bits = bitsOf(ip.version);
  const value = (ip.value >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  return formatRange({ version: ip.version, value, prefix });
}

/** Canonical text of an address. */
export function formatIp(ip: IpAddress): string {
  return ip.version === 4 ? formatV4(ip.value) : formatV6(ip.value);
}

/** A set of ranges to test addresses against. */
export class IpRangeSet {
  private readonly byPrefix: Array<{ version: 4 | 6; prefix: number; networks: Set<bigint>; labels: Map<bigint, string> }> = [];

  constructor(ranges: Iterable<IpRange>) {
    for (const r of ranges) {
      let group = this.byPrefix.find((g) => g.version === r.version && g.prefix === r.prefix);
      if (!group) this.byPrefix.push((group = { version: r.version, prefix: r.prefix, networks: new Set(), labels: new Map() }));
      const network = r.value >> BigInt(bitsOf(r.version) - r.prefix);
      group.networks.add(network);
      group.labels.set(network, formatRange(r));
    }
  }

  /** The range (as text) containing `ip`, or undefined. */
  find(ip: IpAddress): string | undefined {
    for (const g of this.byPrefix) {
      if (g.version !== ip.version) continue;
      const network = ip.value >> BigInt(bitsOf(ip.version) - g.prefix);
      if (g.networks.has(network)) return g.labels.get(network);
    }
    return undefined;
  }
}

function v4(s: string): bigint {
  return s.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function v6(s: string): bigint {
  let text = s;
  // An embedded IPv4 tail (::ffff:1.2.3.4, 64:ff9b::1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = v4(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  const hextets = [...left, ...Array<string>(zeros).fill('0'), ...right];
  return hextets.reduce((acc, h) => (acc << 16n) | BigInt(parseInt(h, 16)), 0n);
}

function formatV4(n: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((n >> s) & 0xffn)).join('.');
}

function formatV6(n: bigint): string {
  const parts = Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(112 - 16 * i)) & 0xffffn));
  // Compress the longest run of zero hextets (RFC 5952).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  const hex = parts.map((p) => p.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}
