/**
 * Secrets of the protocol integrations. Coral signs each request with its phase's signing secret, and Sluice finds the
 * site by trying the secrets it knows (one per site, two during a rotation): a handful of HMACs per request.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

export class IntegrationStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** Issues a new Coral signing secret for a site. With `keepPrevious`, the site's older secrets stay valid (rotation). */
  async issueCoralSecret(site: string, keepPrevious: boolean): Promise<string> {
    const secret = `coral_${randomBytes(24).toString('base64url')}`;
    const all = await this.redis.hgetall(this.keys.coralSecrets());
    const multi = this.redis.multi();
    if (!keepPrevious) for (const [s, owner] of Object.entries(all)) if (owner === site) multi.hdel(this.keys.coralSecrets(), s);
    await multi.hset(this.keys.coralSecrets(), secret, site).exec();
    return secret;
  }

  /** Withdraws one secret (the end of a rotation). */
  async revokeCoralSecret(secret: string): Promise<boolean> {
    return (await this.redis.hdel(this.keys.coralSecrets(), secret)) === 1;
  }

  /** Every Coral secret with its site. */
  async coralSecrets(): Promise<Array<{ secret: string; site: string }>> {
    return Object.entries(await this.redis.hgetall(this.keys.coralSecrets())).map(([secret, site]) => ({ secret, site }));
  }

  /**
   * Records a signed Coral body (its hash) for `windowSeconds`; false when it was recorded already: a replay.
   * Coral's signature has no timestamp, so this is what keeps an old signed body from being answered forever.
   */
  async firstCoralSight(bodyHash: string, windowSeconds: number): Promise<boolean> {
    return (await this.redis.set(this.keys.coralSeen(bodyHash), '1', 'EX', windowSeconds, 'NX')) === 'OK';
  }

  /** Forgets a body recorded by {@link firstCoralSight}, when it could not be taken in (a full queue): a retry is welcome. */
  async forgetCoralSight(bodyHash: string): Promise<void> {
    await this.redis.del(this.keys.coralSeen(bodyHash));
  }
}
