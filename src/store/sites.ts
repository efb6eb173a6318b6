/** Sites: one per CMS installation, with its callback, webhook secret and per-site settings. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Thresholds } from '../verdict.js';
import type { Keys } from './keys.js';

/** A site's record. Settings left out fall back to the global defaults. */
export interface Site {
  readonly id: string;
  readonly name: string;
  readonly callbackUrl?: string;
  /** Shared secret that signs callbacks (`Sluice-Signature`); kept in clear because we must sign with it. */
  readonly webhookSecret: string;
  readonly thresholds?: Partial<Thresholds>;
  /** BCP 47 primary languages the site publishes in (e.g. ["en"]); used by the language rule. */
  readonly languages?: readonly string[];
  readonly createdAt: string;
}

/** Turns a display name into a site id: lowercase letters, digits and dashes. */
export function siteIdOf(name: string): string {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return slug || `site-${randomBytes(4).toString('hex')}`;
}

export class SiteStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Creates a site; returns undefined when the id is taken. */
  async create(input: { name: string; callbackUrl?: string | undefined }, now: Date): Promise<Site | undefined> {
    const id = siteIdOf(input.name);
    const site: Site = {
      id,
      name: input.name,
      ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}),
      webhookSecret: `whsec_${randomBytes(24).toString('base64url')}`,
      createdAt: now.toISOString(),
    };
    const created = await this.redis.set(this.keys.site(id), JSON.stringify(site), 'NX');
    if (created !== 'OK') return undefined;
    await this.redis.sadd(this.keys.sites(), id);
    return site;
  }

  async get(id: string): Promise<Site | undefined> {
    const raw = await this.redis.get(this.keys.site(id));
    return raw ? (JSON.parse(raw) as Site) : undefined;
  }

  async list(): Promise<Site[]> {
    const ids = await this.redis.smembers(this.keys.sites());
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.sort().map((id) => this.keys.site(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Site);
  }
}
