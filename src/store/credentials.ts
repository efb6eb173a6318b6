/**
 * API keys (one per site, role `cms`) and tokens (role `moderator` or `operator`).
 * Only a SHA-256 of each secret is stored; the secret itself is shown once, at creation.
 * Secrets are 160 random bits, so a plain hash is enough: there is nothing to brute-force.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';
import { RecentReads } from './recent.js';

export const ROLES = ['cms', 'moderator', 'operator'] as const;
export type Role = (typeof ROLES)[number];
export type StaffRole = Exclude<Role, 'cms'>;

/** Who is calling: a CMS acting for one site, or a person with a staff token. */
export type Principal =
  | { readonly role: 'cms'; readonly site: string }
  | { readonly role: StaffRole; readonly tokenId: string; readonly name: string };

/** The public record of a staff token (no secret). */
export interface TokenRecord {
  readonly id: string;
  readonly role: StaffRole;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret: a short type tag and 40 hex digits (lowercase and DNS-label safe, for Akismet-style hosts). */
export function newSecret(tag: 'sk' | 'st'): string {
  return `${tag}${randomBytes(20).toString('hex')}`;
}

/**
 * Site keys' principals recently read, per process (see src/store/recent.ts). Only `cms` principals are kept: staff
 * tokens are revoked with `sluice tokens revoke` and must stop working at once; site keys are never revoked by Sluice.
 */
const recentPrincipals = new RecentReads<Principal>();
const isSiteKey = (p: Principal): boolean => p.role === 'cms';

export class CredentialStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Resolves a presented secret to its principal, or undefined when unknown or revoked. With `maxAgeMs`, a site key's
   * principal read by this process at most that long ago is reused (the API's ingest path: one Redis read fewer per
   * comment); a key deleted from Redis by another process then keeps working here for up to `maxAgeMs`.
   */
  async authenticate(secret: string, { maxAgeMs = 0 }: { maxAgeMs?: number } = {}): Promise<Principal | undefined> {
    if (secret.length < 10 || secret.length > 200) return undefined;
    const key = this.keys.credential(hashSecret(secret));
    return recentPrincipals.read(key, maxAgeMs, () => this.read(key), isSiteKey);
  }

  private async read(key: string): Promise<Principal | undefined> {
    const raw = await this.redis.get(key);
    return raw ? (JSON.parse(raw) as Principal) : undefined;
  }

  /** Issues a site's API key. */
  async issueSiteKey(site: string): Promise<string> {
    const key = newSecret('sk');
    const principal: Principal = { role: 'cms', site };
    await this.redis.set(this.keys.credential(hashSecret(key)), JSON.stringify(principal));
    return key;
  }

  /** Issues a staff token; returns the secret (shown once) and its record. */
  async issueToken(role: StaffRole, name: string, now: Date): Promise<{ token: string; record: TokenRecord }> {
    const token = newSecret('st');
    const record: TokenRecord = { id: randomUUID(), role, name, createdAt: now.toISOString() };
    const principal: Principal = { role, tokenId: record.id, name };
    await this.redis
      .multi()
      .set(this.keys.credential(hashSecret(token)), JSON.stringify(principal))
      .hset(this.keys.tokens(), record.id, JSON.stringify({ ...record, hash: hashSecret(token) }))
      .exec();
    return { token, record };
  }

  /** Lists staff tokens (without secrets). */
  async listTokens(): Promise<TokenRecord[]> {
    const all = await this.redis.hvals(this.keys.tokens());
    return all.map((raw) => {
      const { hash: _hash, ...record } = JSON.parse(raw) as TokenRecord & { hash: string };
      return record;
    });
  }

  /** Revokes a staff token by id; returns false when there is no such token. */
  async revokeToken(id: string, now: Date): Promise<boolean> {
    const raw = await this.redis.hget(this.keys.tokens(), id);
    if (!raw) return false;
    const stored = JSON.parse(raw) as TokenRecord & { hash: string };
    await this.redis
      .multi()
      .del(this.keys.credential(stored.hash))
      .hset(this.keys.tokens(), id, JSON.stringify({ ...stored, revokedAt: now.toISOString() }))
      .exec();
    recentPrincipals.forget(this.keys.credential(stored.hash));
    return true;
  }
}
