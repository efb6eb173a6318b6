/** `sluice models list | activate VERSION | retrain`: the model registry from the command line. */
import type { Config } from '../config.js';
import { silentLogger } from '../logger.js';
import { createQueues } from '../queue/queues.js';
import { withStore } from './admin.js';
import { printJson, UsageError } from './io.js';

export async function modelsCommand(config: Config, args: { action: string | undefined; version: string | undefined }): Promise<number> {
  return withStore(config, async (store, redis) => {
    switch (args.action) {
      case 'list': {
        const active = await store.models.activeVersion();
        for (const m of await store.models.list()) await printJson({ ...m, active: m.version === active });
        return 0;
      }
      case 'activate': {
        if (!args.version) throw new UsageError('models activate VERSION');
        if (!(await store.models.activate(args.version, 'cli', new Date()))) throw new UsageError(`No model version "${args.version}".`);
        await printJson({ active: args.version });
        return 0;
      }
      case 'retrain': {
        const queues = createQueues(redis, config.redisPrefix, config.jobAttempts, silentLogger());
        try {
          await printJson({ jobId: await queues.enqueueTraining({ kind: 'retrain', requestedBy: 'cli' }) });
        } finally {
          await queues.close();
        }
        return 0;
      }
      default:
        throw new UsageError('models list | models activate VERSION | models retrain');
    }
  });
}
