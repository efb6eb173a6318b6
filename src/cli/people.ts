/**
 * `sluice erase` and `sluice export`: a person's data rights from the command line (docs/DATA-RIGHTS.md), through the
 * same use cases as DELETE /v1/people and GET /v1/people/export. Audited as `cli`. Prints JSON.
 */
import type { Config } from '../platform/config.js';
import { silentLogger } from '../platform/logger.js';
import { erasePerson } from '../use-cases/erase-person.js';
import { exportPerson } from '../use-cases/export-person.js';
import { personScope, type PersonRequest, type PersonSelector } from '../use-cases/find-person.js';
import { createQueues } from '../queue/queues.js';
import type { Store } from '../store/index.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';

const SELECT = '(--site S | --everywhere) (--email E | --ip A | --name N | --author-id U | --comment ID)';

/** Help lines of the data-rights commands. */
export const peopleHelp = `Data rights (docs/DATA-RIGHTS.md; audited)
  erase ${SELECT}
                                erase every trace of one person; prints the counts per kind (idempotent)
  export ${SELECT}
                                everything stored about one person, as JSON`;

async function scope(store: Store, command: string, q: PersonRequest): Promise<{ selector: PersonSelector; sites: string[] }> {
  const s = await personScope(store, q);
  if ('refused' in s) throw new UsageError(`${command}: ${s.refused}.\n  sluice ${command} ${SELECT}`);
  if ('unknownSite' in s) throw new UsageError(`${command}: no site "${s.unknownSite}".`);
  return s;
}

export async function eraseCommand(config: Config, q: PersonRequest): Promise<number> {
  return withStore(config, async (store, redis) => {
    const { selector, sites } = await scope(store, 'erase', q);
    const queues = createQueues(redis, config.redisPrefix, config.jobAttempts, silentLogger());
    try {
      await printJson(await erasePerson({ store, queues, now: () => new Date() }, selector, sites, 'cli'));
    } finally {
      await queues.close();
    }
    return 0;
  });
}

export async function exportCommand(config: Config, q: PersonRequest): Promise<number> {
  return withStore(config, async (store) => {
    const { selector, sites } = await scope(store, 'export', q);
    await printJson(await exportPerson({ store, now: () => new Date() }, selector, sites, 'cli'));
    return 0;
  });
}
