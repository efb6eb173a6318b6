/** Sites: one per CMS installation, with its callback, webhook secret and per-site settings. */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Thresholds } from '../domain/verdict.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';
import { SHARED_MEMORY } from './memory.js';
import { RecentReads } from './recent.js';

/** `enforcing`: the CMS is told each verdict. `shadow`: comments are scored and counted, but the CMS is always told ham. */
export const SITE_MODES = ['enforcing', 'shadow'] as const;
export type SiteMode = (typeof SITE_MODES)[number];

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
  /** The site's own registrable domains (e.g. ["harbour-news.net"]): readers link them, so they are never a flood. */
  readonly domains?: readonly string[];
  /** Absent means `enforcing`. */
  readonly mode?: SiteMode;
  /** Refuse comments without a valid `Sluice-Signature` (HMAC with the webhook secret); absent means false. */
  readonly requireSignedWebhooks?: boolean;
  /** Pool the campaign memory (src/store/memory.ts) with the other sites that share theirs; absent means false. */
  readonly shareMemory?: boolean;
  /**
   * An operator vouches for the site: its Akismet labels (submit-spam/ham, made with the site key alone) may teach the
   * global model, capped to a share of it (src/use-cases/global-corpus.ts); absent means false (they teach the site's
   * own model only).
   */
  readonly trusted?: boolean;
  /** The secret replaced by the last rotation: callbacks carry a second signature with it until `expiresAt`. */
  readonly previousWebhookSecret?: { readonly secret: string; readonly expiresAt: string };
  readonly createdAt: string;
  readonly updatedAt?: string;
}

/** One audited change of a site's settings. */
export interface SiteAuditEntry {
  readonly at: string;
  /** Token name of the operator (or `cli`). */
  readonly by: string;
  /** Each changed setting: its value before and after (secrets are never written here). */
  readonly changes: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
}

/** The campaign-memory scopes a site reads and writes: its own, and the shared one when it shares. */
export const memoryScopes = (site: Pick<Site, 'id' | 'shareMemory'>): string[] => (site.shareMemory ? [site.id, SHARED_MEMORY] : [site.id]);

/** The mode a site runs in. */
export const siteMode = (site: Site | undefined): SiteMode => site?.mode ?? 'enforcing';

/** A new webhook secret. */
const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

/**
 * replaceSite — KEYS[1] the site key, KEYS[2] the site's audit list.
 * ARGV[1] the JSON read before (compare-and-set), ARGV[2] the new JSON, ARGV[3] audit entry JSON or ''.
 * Returns 1 when replaced, 0 when the site changed meanwhile (the caller reads again and retries).
 */
const replaceSiteScript = new LuaScript(
  'replaceSite',
  2,
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] ~= '' then
  redis.call('RPUSH', KEYS[2], ARGV[3])
  redis.call('LTRIM', KEYS[2], -500, -1)
end
return 1
`,
);

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

/** Site records recently read, per process (see src/store/recent.ts); every write through a SiteStore drops its entry. */
const recentSites = new RecentReads<Site>();

export class SiteStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Creates a site; returns undefined when the id is taken. */
  async create(
    input: { name: string; callbackUrl?: string | undefined; mode?: SiteMode | undefined },
    now: Date,
  ): Promise<Site | undefined> {
    const id = siteIdOf(input.name);
    const site: Site = {
      id,
      name: input.name,
      ...(input.callbackUrl ? { callbackUrl: input.callbackUrl } : {}),
      webhookSecret: newWebhookSecret(),
      ...(input.mode ? { mode: input.mode } : {}),
      createdAt: now.toISOString(),
    };
    const created = await this.redis.set(this.keys.site(id), JSON.stringify(site), 'NX');
    if (created !== 'OK') return undefined;
    recentSites.forget(this.keys.site(id));
    await this.redis.sadd(this.keys.sites(), id);
    return site;
  }

  /**
   * A site's record. With `maxAgeMs`, a record this process read at most that long ago is reused (the API's ingest
   * path: one Redis read fewer per comment); a change made by another process is then seen within `maxAgeMs`, a change
   * made through this process at once.
   */
  async get(id: string, { maxAgeMs = 0 }: { maxAgeMs?: number } = {}): Promise<Site | undefined> {
    const key = this.keys.site(id);
    return recentSites.read(key, maxAgeMs, () => this.read(key));
  }

  private async read(key: string): Promise<Site | undefined> {
    const raw = await this.redis.get(key);
    return raw ? (JSON.parse(raw) as Site) : undefined;
  }

  async list(): Promise<Site[]> {
    const ids = await this.redis.smembers(this.keys.sites());
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.sort().map((id) => this.keys.site(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as Site);
  }

  /**
   * Changes a site with `change(site)` (which returns the new record and the audit entry, or undefined for no change),
   * atomically: a concurrent change makes it read again and re-apply. Returns the stored site, or undefined when absent.
   */
  async update(
    id: string,
    change: (site: Site) => { site: Site; audit?: SiteAuditEntry } | undefined,
  ): Promise<Site | undefined> {
    for (;;) {
      const raw = await this.redis.get(this.keys.site(id));
      if (!raw) return undefined;
      const changed = change(JSON.parse(raw) as Site);
      if (!changed) return JSON.parse(raw) as Site;
      const audit = changed.audit ? JSON.stringify(changed.audit) : '';
      const args = [raw, JSON.stringify(changed.site), audit];
      if ((await replaceSiteScript.run(this.redis, [this.keys.site(id), this.keys.siteAudit(id)], args)) === 1) {
        recentSites.forget(this.keys.site(id));
        return changed.site;
      }
    }
  }

  /**
   * Replaces the webhook secret; the old one keeps signing (as a second `v1`) for `graceMs`. One previous secret at a
   * time: while the last rotation's grace runs, another rotation changes nothing and answers `in-grace` (the CMS may
   * still verify with the original), unless `force`, which drops that previous secret at once.
   */
  async rotateSecret(id: string, graceMs: number, by: string, now: Date, force = false): Promise<Site | { inGraceUntil: string } | undefined> {
    let inGraceUntil: string | undefined;
    const site = await this.update(id, (site) => {
      const until = site.previousWebhookSecret?.expiresAt;
      if (!force && until !== undefined && Date.parse(until) > now.getTime()) return void (inGraceUntil = until);
      inGraceUntil = undefined;
      return rotated(site, graceMs, by, now);
    });
    return site && inGraceUntil !== undefined ? { inGraceUntil } : site;
  }

  /** Appends an entry to a site's audit log that is no setting change (an erasure or export of a person's data). */
  async addAudit(id: string, entry: SiteAuditEntry): Promise<void> {
    await this.redis.rpush(this.keys.siteAudit(id), JSON.stringify(entry));
  }

  /** The newest audit entries of a site, newest first. */
  async audit(id: string, limit = 50): Promise<SiteAuditEntry[]> {
    const raws = await this.redis.lrange(this.keys.siteAudit(id), -limit, -1);
    return raws.map((r) => JSON.parse(r) as SiteAuditEntry).reverse();
  }
}

/** A site with a new webhook secret, the current one signing beside it for `graceMs`, and its audit entry. */
function rotated(site: Site, graceMs: number, by: string, now: Date): { site: Site; audit: SiteAuditEntry } {
  return {
    site: {
      ...site,
      webhookSecret: newWebhookSecret(),
      previousWebhookSecret: { secret: site.webhookSecret, expiresAt: new Date(now.getTime() + graceMs).toISOString() },
      updatedAt: now.toISOString(),
    },
    audit: { at: now.toISOString(), by, changes: { webhookSecret: { from: 'previous', to: 'rotated' } } },
  };
}
