/** `sluice sites …` and `sluice tokens …`: operator commands that talk to Redis directly. */
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { refuseCallbackUrl } from '../delivery/ssrf.js';
import { connectRedis, whenReady } from '../redis.js';
import { addSite } from '../site-add.js';
import { checkSiteName } from '../site-name.js';
import { ROLES, type StaffRole } from '../store/credentials.js';
import { createStore, storeOptions, type Store } from '../store/index.js';
import { printJson, UsageError } from './io.js';

/** Help lines of the administration commands. */
export const adminHelp = `  sites add NAME [--callback-url URL] [--shadow]   create a site (--shadow: starts in shadow mode);
                                        prints { site, apiKey, webhookSecret } (shown once)
  sites list                            list sites
  sites coral-secret SITE [--rotate]    a Coral external-moderation signing secret for the site (shown once)
  tokens add --role moderator|operator [--name N]   prints { token } (shown once)
  tokens list                           list tokens (no secrets)
  tokens revoke ID                      revoke a token`;

/** Runs `fn` with a store on a fresh connection, closing it afterwards. */
export async function withStore<T>(config: Config, fn: (store: Store, redis: Redis) => Promise<T>): Promise<T> {
  const redis = connectRedis(config.redisUrl, 'worker', 'sluice-cli');
  redis.on('error', () => undefined); // whenReady reports a Redis that never answers
  try {
    await whenReady(redis, 5_000).catch(() => {
      throw new UsageError(`No Redis answers at ${config.redisUrl}: start the service (npm start) or Redis first.`);
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
}

/** `sites add NAME [--callback-url URL]` prints `{ site, apiKey, webhookSecret }`; `sites list` prints the sites. */
export async function sitesCommand(config: Config, args: SitesArgs): Promise<number> {
  return withStore(config, async (store) => {
    switch (args.action) {
      case 'add': {
        if (!args.name) throw new UsageError('sites add NAME [--callback-url URL]');
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
        if (!args.name || !(await store.sites.get(args.name))) throw new UsageError('sites coral-secret SITE [--rotate]');
        const secret = await store.integrations.issueCoralSecret(args.name, args.rotate === true);
        await printJson({ site: args.name, coralSigningSecret: secret, ...(args.rotate ? { note: 'the previous secrets stay valid until revoked' } : {}) });
        return 0;
      }
      case 'list':
        for (const site of await store.sites.list()) {
          const { webhookSecret: _secret, previousWebhookSecret: _previous, ...visible } = site;
          await printJson(visible);
        }
        return 0;
      default:
        throw new UsageError('sites add NAME [--callback-url URL] | sites list');
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
          throw new UsageError(`tokens add --role ${ROLES.filter((r) => r !== 'cms').join('|')} [--name N]`);
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
        if (!done) throw new UsageError(`No token with id ${args.id}.`);
        await printJson({ revoked: args.id });
        return 0;
      }
      default:
        throw new UsageError('tokens add --role moderator|operator [--name N] | tokens list | tokens revoke ID');
    }
  });
}
