/** `sluice sites …` and `sluice tokens …`: operator commands that talk to Redis directly. */
import { Redis } from 'ioredis';
import type { Config } from '../platform/config.js';
import { issueCoralSecret, listCoralSecrets, revokeCoralSecret } from '../use-cases/coral-secrets.js';
import { errors } from '../platform/errors.js';
import { refuseCallbackUrl } from '../delivery/ssrf.js';
import { connectRedis, whenReady } from '../platform/redis.js';
import { addSite } from '../use-cases/add-site.js';
import { checkSiteName } from '../domain/site-name.js';
import { ROLES, type StaffRole } from '../store/credentials.js';
import { createStore, storeOptions, type Store } from '../store/index.js';
import { SITES_USAGE, TOKENS_USAGE } from './usage.js';
import { printJson, redactUrl, RedisUnreachableError, UsageError } from './io.js';

/** How long a command waits for Redis before it says so (exit 3): a CLI must not hang when Redis is down. */
const REDIS_PROBE_MS = 1_500;

/** Connects once, without retries, and pings: the reason when Redis does not answer, undefined when it does. */
async function probeRedis(url: string): Promise<string | undefined> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: REDIS_PROBE_MS, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, disconnectTimeout: 0 });
  let cause: string | undefined; // the socket's own error (ECONNREFUSED…) says more than the rejection
  probe.on('error', (err: Error) => (cause ??= err.message));
  const timeout = new Promise<string>((resolve) => setTimeout(() => resolve(`no answer within ${REDIS_PROBE_MS} ms`), REDIS_PROBE_MS).unref());
  try {
    return await Promise.race([
      probe.connect().then(async () => ((await probe.ping()) === 'PONG' ? undefined : 'no PONG')),
      timeout,
    ]);
  } catch (err) {
    return cause ?? (err as Error).message;
  } finally {
    probe.disconnect();
  }
}

/** Throws RedisUnreachableError (exit 3) naming the URL tried, without its password, when Redis does not answer. */
export async function requireRedis(url: string): Promise<void> {
  const reason = await probeRedis(url);
  if (reason === undefined) return;
  const refused = /NOAUTH|WRONGPASS|invalid password|AUTH/i.test(reason);
  throw new RedisUnreachableError(
    `${refused ? 'Redis refused the connection' : 'No Redis answers'} at ${redactUrl(url)} (${reason}).\n` +
      'Start Redis there, or set REDIS_URL (and REDIS_PREFIX) to the Redis your Sluice installation uses, then run the command again.',
  );
}

/** Runs `fn` with a store on a fresh connection, closing it afterwards. Fails within REDIS_PROBE_MS when Redis is down. */
export async function withStore<T>(config: Config, fn: (store: Store, redis: Redis) => Promise<T>): Promise<T> {
  await requireRedis(config.redisUrl);
  const redis = connectRedis(config.redisUrl, 'worker', 'sluice-cli');
  redis.on('error', () => undefined); // whenReady reports a Redis that never answers
  try {
    await whenReady(redis, 5_000).catch(() => {
      throw new RedisUnreachableError(`Redis at ${redactUrl(config.redisUrl)} answered once, then stopped answering.`);
    });
    return await fn(createStore(redis, config.redisPrefix, storeOptions(config)), redis);
  } finally {
    redis.disconnect();
  }
}

export interface SitesArgs {
  readonly action: string | undefined;
  readonly name: string | undefined;
  readonly callbackUrl: string | undefined;
  /** `add`: start in shadow mode (scored and counted, the CMS always told ham). */
  readonly shadow?: boolean | undefined;
  /** `coral-secret`: keep the site's previous Coral secrets valid (a rotation). */
  readonly rotate?: boolean | undefined;
  /** `rotate-secret`: hours callbacks also carry a signature with the old webhook secret (default 24). */
  readonly graceHours?: string | undefined;
  /** coral-revoke: the id `coral-secrets` lists. */
  readonly secretId?: string | undefined;
  /** rotate-secret: rotate even while the previous secret's grace runs, dropping it at once. */
  readonly force?: boolean | undefined;
}

/** `--grace-hours`: 0 to 720, as the API's `graceHours`. */
function graceHoursOf(value: string | undefined): number {
  if (value === undefined) return 24;
  const h = Number(value);
  if (!(value.trim() !== '' && h >= 0 && h <= 720)) throw new UsageError(`--grace-hours must be a number of hours from 0 to 720, not "${value}"`);
  return h;
}

/**
 * `sites add NAME [--callback-url URL] [--shadow]` prints `{ site, apiKey, webhookSecret }`; `sites list` prints the sites;
 * `coral-secret SITE [--rotate]` a Coral signing secret; `rotate-secret SITE [--grace-hours H]` a new webhook secret,
 * as POST /v1/sites/:id/rotate-secret: `{ webhookSecret, previousSecretExpiresAt }`.
 */
export async function sitesCommand(config: Config, args: SitesArgs): Promise<number> {
  return withStore(config, async (store) => {
    switch (args.action) {
      case 'add': {
        if (!args.name) throw new UsageError(`a NAME is needed: ${SITES_USAGE}`);
        const checked = checkSiteName(args.name);
        if ('refused' in checked) throw new UsageError(`sites add: the ${checked.refused}.`);
        const refused = args.callbackUrl && refuseCallbackUrl(args.callbackUrl, config.callbackAllowPrivate);
        if (refused) throw new UsageError(`Callback URL refused (${refused}): ${args.callbackUrl}`);
        const added = await addSite(store, { name: checked.name, callbackUrl: args.callbackUrl, shadow: args.shadow });
        if (!added) throw new UsageError(`A site with the id of "${args.name}" exists already.`);
        await printJson(added);
        return 0;
      }
      case 'coral-secret': {
        if (!args.name) throw new UsageError('sites coral-secret SITE [--rotate]');
        // The same use case as POST /v1/sites/:id/coral-secrets: audited, the secret shown once.
        const issued = await issueCoralSecret(store, args.name, args.rotate === true, 'cli', new Date());
        if (!issued) throw errors.notFound(`Site "${args.name}"`);
        await printJson({ site: args.name, id: issued.id, prefix: issued.prefix, coralSigningSecret: issued.secret, ...(args.rotate ? { note: 'the previous secrets stay valid until revoked' } : {}) });
        return 0;
      }
      case 'coral-secrets': {
        if (!args.name) throw new UsageError('sites coral-secrets SITE');
        if (!(await store.sites.get(args.name))) throw errors.notFound(`Site "${args.name}"`);
        for (const secret of await listCoralSecrets(store, args.name)) await printJson(secret);
        return 0;
      }
      case 'coral-revoke': {
        const id = args.secretId;
        if (!args.name || !id) throw new UsageError('sites coral-revoke SITE SECRET_ID');
        if (!(await revokeCoralSecret(store, args.name, id, 'cli', new Date()))) throw errors.notFound(`Coral secret "${id}" of site "${args.name}"`);
        await printJson({ site: args.name, revoked: id });
        return 0;
      }
      case 'list':
        for (const site of await store.sites.list()) {
          const { webhookSecret: _secret, previousWebhookSecret: _previous, ...visible } = site;
          await printJson(visible);
        }
        return 0;
      case 'rotate-secret': {
        if (!args.name) throw new UsageError('sites rotate-secret SITE [--grace-hours H] [--force]');
        const graceHours = graceHoursOf(args.graceHours);
        const site = await store.sites.rotateSecret(args.name, graceHours * 3_600_000, 'cli', new Date(), args.force === true);
        if (!site) throw errors.notFound(`Site "${args.name}"`);
        if ('inGraceUntil' in site) throw errors.rotationInGrace(site.inGraceUntil);
        await printJson({ webhookSecret: site.webhookSecret, previousSecretExpiresAt: site.previousWebhookSecret?.expiresAt ?? null });
        return 0;
      }
      default:
        throw new UsageError(`${args.action ? `unknown action "${args.action}"` : 'an action is needed'}:\n  ${SITES_USAGE}`);
    }
  });
}

export interface TokensArgs {
  readonly action: string | undefined;
  readonly role: string | undefined;
  readonly name: string | undefined;
  readonly id: string | undefined;
}

const isStaffRole = (r: string | undefined): r is StaffRole => r === 'moderator' || r === 'operator';

/** `tokens add --role moderator|operator [--name N]` prints `{ token }` (shown once); `list`; `revoke ID`. */
export async function tokensCommand(config: Config, args: TokensArgs): Promise<number> {
  return withStore(config, async (store) => {
    switch (args.action) {
      case 'add': {
        if (!isStaffRole(args.role)) {
          const roles = ROLES.filter((r) => r !== 'cms');
          throw new UsageError(
            args.role === undefined ? `tokens add needs --role, one of: ${roles.join(', ')}` : `there is no role "${args.role}"; the roles are: ${roles.join(', ')}`,
          );
        }
        const { token, record } = await store.credentials.issueToken(args.role, args.name ?? args.role, new Date());
        await printJson({ token, id: record.id, role: record.role, name: record.name });
        return 0;
      }
      case 'list':
        for (const t of await store.credentials.listTokens()) await printJson(t);
        return 0;
      case 'revoke': {
        if (!args.id) throw new UsageError('tokens revoke ID');
        const done = await store.credentials.revokeToken(args.id, new Date());
        if (!done) throw errors.notFound(`Token "${args.id}"`);
        await printJson({ revoked: args.id });
        return 0;
      }
      default:
        throw new UsageError(`${args.action ? `unknown action "${args.action}"` : 'an action is needed'}:\n  ${TOKENS_USAGE}`);
    }
  });
}
