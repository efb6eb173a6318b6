/**
 * Where a site's readers post from: the addresses and names of its last comments, to tell a CMS behind a proxy that
 * forgot to forward the reader's address (every comment from one address, under many names). While a site looks like
 * that, its address signals say nothing about anyone: the worker ignores them, and the warning is shown to operators
 * (GET /v1/sites/:id) and moderators (GET /v1/review, the moderator page) until the pattern stops.
 */
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

/** Comments looked at, per site. */
export const PROXY_WINDOW = 20;
/** Share of them from one address that makes a proxy. */
export const PROXY_SHARE = 0.9;
/** Different author names among them, at least. */
export const PROXY_AUTHORS = 5;

/** The warning a site carries while its comments all arrive from one address. */
export interface ProxyWarning {
  readonly code: 'site.proxy-address';
  readonly address: string;
  /** When the pattern was first seen (ISO). */
  readonly since: string;
  readonly message: string;
}

/**
 * observeReader — KEYS[1] the site's last comments (list of `ip\tauthor`), KEYS[2] the site's proxy warning (string).
 * ARGV[1] `ip\tauthor` of this comment, ARGV[2] window, ARGV[3] share, ARGV[4] authors, ARGV[5] now ISO.
 * Returns { address or false, '1' when the warning was just raised, '1' when it was just lowered }.
 */
const observeScript = new LuaScript(
  'observeReader',
  2,
  `
local n = tonumber(ARGV[2])
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, n - 1)
local recent = redis.call('LRANGE', KEYS[1], 0, -1)
local count, names = {}, {}
local top, most = false, 0
for _, m in ipairs(recent) do
  local tab = string.find(m, '\\t', 1, true)
  local ip, author = string.sub(m, 1, tab - 1), string.sub(m, tab + 1)
  count[ip] = (count[ip] or 0) + 1
  names[ip] = names[ip] or {}
  names[ip][author] = true
  if count[ip] > most then top, most = ip, count[ip] end
end
local authors = 0
if top then for _ in pairs(names[top]) do authors = authors + 1 end end
local proxy = #recent >= n and most >= tonumber(ARGV[3]) * n and authors >= tonumber(ARGV[4])
local had = redis.call('GET', KEYS[2])
if proxy then
  if had and string.sub(had, 1, #top + 1) == top .. '\\t' then return {top, '0', '0'} end
  redis.call('SET', KEYS[2], top .. '\\t' .. ARGV[5])
  return {top, '1', '0'}
end
if had then
  redis.call('DEL', KEYS[2])
  return {false, '0', '1'}
end
return {false, '0', '0'}
`,
);

/** What one comment's observation found. */
export interface ProxyState {
  /** The one address the site's comments arrive from, while they do. */
  readonly address: string | undefined;
  /** The warning was raised (or lowered) by this comment: log it once. */
  readonly raised: boolean;
  readonly lowered: boolean;
}

export class ReadersStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Notes that a comment of `site` came from `ip` under `author`, and tells whether the site looks proxied. */
  async observe(site: string, ip: string, author: string, now: Date): Promise<ProxyState> {
    const k = this.keys;
    const member = `${ip}\t${author.replace(/[\t\n]/g, ' ').slice(0, 120)}`;
    const [address, raised, lowered] = (await observeScript.run(this.redis, [k.readers(site), k.proxyWarning(site)], [member, PROXY_WINDOW, PROXY_SHARE, PROXY_AUTHORS, now.toISOString()])) as [string | null, string, string];
    return { address: address ?? undefined, raised: raised === '1', lowered: lowered === '1' };
  }

  /**
   * Forgets a person in a site's last comments: the entries from one of `ips` or under one of `names` (as observed:
   * tabs and newlines blanked, 120 characters), and the proxy warning when it names one of `ips`. Returns how many
   * entries went (the warning counted as one).
   */
  async erase(site: string, ips: readonly string[], names: readonly string[]): Promise<number> {
    const k = this.keys;
    const cleanNames = new Set(names.map((n) => n.replace(/[\t\n]/g, ' ').slice(0, 120)));
    const ipSet = new Set(ips);
    let n = 0;
    for (const entry of new Set(await this.redis.lrange(k.readers(site), 0, -1))) {
      const tab = entry.indexOf('\t');
      if (ipSet.has(entry.slice(0, tab)) || cleanNames.has(entry.slice(tab + 1))) n += await this.redis.lrem(k.readers(site), 0, entry);
    }
    const warning = await this.redis.get(k.proxyWarning(site));
    if (warning && ipSet.has(warning.slice(0, warning.indexOf('\t')))) n += await this.redis.del(k.proxyWarning(site));
    return n;
  }

  /** The warnings of `sites` that carry one. */
  async warnings(sites: readonly string[]): Promise<Array<ProxyWarning & { readonly site: string }>> {
    if (sites.length === 0) return [];
    const values = await this.redis.mget(...sites.map((s) => this.keys.proxyWarning(s)));
    return sites.flatMap((site, i) => {
      const v = values[i];
      if (!v) return [];
      const [address = '', since = ''] = v.split('\t');
      return [{ site, ...proxyWarning(address, since) }];
    });
  }
}

/** The warning for a site whose comments all arrive from `address`. */
export function proxyWarning(address: string, since: string): ProxyWarning {
  return {
    code: 'site.proxy-address',
    address,
    since,
    message: `At least ${Math.round(PROXY_SHARE * 100)} % of this site's last ${PROXY_WINDOW} comments came from one address (${address}) under ${PROXY_AUTHORS} or more names: the CMS seems to send its proxy's address instead of the reader's. Address signals are ignored for this site until it forwards the reader's address (e.g. X-Forwarded-For → author.ip).`,
  };
}
