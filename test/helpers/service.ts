/** Starts the real service (API + worker, port 0) on a unique prefix, with a site and staff tokens. */
import type { Redis } from 'ioredis';
import type { Config } from '../../src/platform/config.js';
import { silentLogger, type Logger } from '../../src/platform/logger.js';
import { startService, type RunningService } from '../../src/service.js';
import { createStore, type Store } from '../../src/store/index.js';
import { deletePrefix, inspector, testConfig, uniquePrefix } from './env.js';

export interface TestService {
  readonly config: Config;
  readonly service: RunningService;
  readonly url: string;
  readonly redis: Redis;
  readonly store: Store;
  readonly site: string;
  readonly apiKey: string;
  readonly moderatorToken: string;
  readonly operatorToken: string;
  /** Stops the service and deletes every key of the prefix. */
  stop(): Promise<void>;
}

export async function startTestService(
  name: string,
  options: { worker?: boolean; env?: Record<string, string>; now?: () => Date; logger?: Logger } = {},
): Promise<TestService> {
  const prefix = uniquePrefix(name);
  const config = testConfig(prefix, options.env);
  const redis = inspector();
  const store = createStore(redis, prefix);
  const now = new Date();
  const siteRecord = await store.sites.create({ name: `${name} news` }, now);
  if (!siteRecord) throw new Error('site exists');
  const apiKey = await store.credentials.issueSiteKey(siteRecord.id);
  const moderatorToken = (await store.credentials.issueToken('moderator', 'mod', now)).token;
  const operatorToken = (await store.credentials.issueToken('operator', 'op', now)).token;
  const service = await startService({ config, logger: options.logger ?? silentLogger(), api: true, worker: options.worker ?? true, ...(options.now ? { now: options.now } : {}) });
  return {
    config,
    service,
    url: service.url!,
    redis,
    store,
    site: siteRecord.id,
    apiKey,
    moderatorToken,
    operatorToken,
    async stop() {
      await service.close();
      await deletePrefix(redis, prefix);
      await redis.quit();
    },
  };
}
