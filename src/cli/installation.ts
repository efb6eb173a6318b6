/**
 * A throw-away Sluice installation for measurements that go through the real service: the API and its workers
 * (`startService`, as `sluice serve` starts them) in this process, on a Redis key prefix of their own so that nothing
 * they learn — site models, reputation memory, cross-site flood windows, the corpus — is seen by another run, with
 * one site created as an operator does (`sluice sites add`, its languages set through `PATCH /v1/sites/:id`) and a
 * moderator's token. Closing it stops the service and deletes every key of its prefix.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Config } from '../platform/config.js';
import { silentLogger } from '../platform/logger.js';
import { connectRedis, deletePrefix, whenReady } from '../platform/redis.js';
import { startService } from '../service.js';
import { addSite } from '../use-cases/add-site.js';
import { createStore } from '../store/index.js';

/** A running installation with one site. */
export interface Installation {
  readonly url: string;
  readonly site: string;
  /** The site's CMS key (`POST /v1/comments`, `…/report`). */
  readonly apiKey: string;
  /** A moderator's token (`POST /v1/comments/:id/decision`). */
  readonly moderatorToken: string;
  /** The revision of the site's live model: how many labellings the training worker has applied to it. */
  siteModelRevision(): Promise<number>;
  close(): Promise<void>;
}

export interface InstallationOptions {
  /** The site's name (its id is made from it). */
  readonly name: string;
  /** The languages the site declares. */
  readonly languages: readonly string[];
  /** The service's clock (default: the real one). */
  readonly now?: () => Date;
}

const OFF = { perSecond: 0, burst: 1 } as const;

/**
 * Starts one. The configuration is `config` (thresholds, model file, flood and learning settings as the operator set
 * them) on a fresh prefix under `config.redisPrefix`, listening on 127.0.0.1 on a spare port, without ingest rate
 * limits: a stream replayed faster than real time is one CMS, not an attack.
 */
export async function startInstallation(config: Config, options: InstallationOptions): Promise<Installation> {
  const prefix = `${config.redisPrefix}-eval-${randomBytes(4).toString('hex')}`;
  const own: Config = { ...config, redisPrefix: prefix, port: 0, host: '127.0.0.1', rateLimits: { site: OFF, authorIp: OFF, client: OFF } };
  const redis = connectRedis(own.redisUrl, 'worker', 'sluice-eval');
  redis.on('error', () => undefined);
  await whenReady(redis, 5_000);
  const store = createStore(redis, prefix);
  const now = options.now ?? (() => new Date());
  try {
    const added = await addSite(store, { name: options.name }, now());
    if (!added) throw new Error(`site ${options.name} exists already under the fresh prefix ${prefix}`);
    const operator = await store.credentials.issueToken('operator', 'eval-operator', now());
    const moderator = await store.credentials.issueToken('moderator', 'eval-moderator', now());
    const service = await startService({ config: own, logger: silentLogger(), api: true, worker: true, now });
    const url = service.url!;
    const patched = await fetch(`${url}/v1/sites/${encodeURIComponent(added.site)}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ languages: options.languages }),
    });
    if (!patched.ok) {
      await service.close();
      throw new Error(`PATCH /v1/sites/${added.site}: ${patched.status} ${await patched.text()}`);
    }
    return {
      url,
      site: added.site,
      apiKey: added.apiKey,
      moderatorToken: moderator.token,
      async siteModelRevision() {
        return Number((await redis.get(store.keys.siteModelRevision(added.site))) ?? 0);
      },
      async close() {
        await service.close();
        await deletePrefix(redis, prefix);
        redis.disconnect();
      },
    };
  } catch (err) {
    await deletePrefix(redis, prefix).catch(() => undefined);
    redis.disconnect();
    throw err;
  }
}

