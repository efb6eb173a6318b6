/** `sluice models list | activate VERSION | retrain`: the model registry from the command line. */
import type { Config } from '../platform/config.js';
import { errors } from '../platform/errors.js';
import { silentLogger } from '../platform/logger.js';
import { createQueues } from '../queue/queues.js';
import { withStore } from './admin.js';
import { note, printJson, UsageError } from './io.js';
import { MODELS_USAGE } from './usage.js';

export async function modelsCommand(config: Config, args: { action: string | undefined; version: string | undefined }): Promise<number> {
  return withStore(config, async (store, redis) => {
    switch (args.action) {
      case 'list': {
        const active = await store.models.activeVersion();
        const versions = await store.models.list();
        for (const m of versions) await printJson({ ...m, active: m.version === active });
        // stdout stays JSON lines (none here); the person at the terminal learns why the list is empty.
        if (versions.length === 0) {
          note(
            `No model versions yet: comments are scored by the default model (${config.modelFile}).\n` +
              'Each `sluice models retrain` (or POST /v1/models/retrain) trains a version from the corpus and what moderators decided; `sluice models activate VERSION` switches between them.',
          );
        }
        return 0;
      }
      case 'activate': {
        if (!args.version) throw new UsageError('models activate VERSION');
        if (!(await store.models.activate(args.version, 'cli', new Date()))) throw errors.notFound(`Model version "${args.version}"`);
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
        throw new UsageError(`${args.action ? `unknown action "${args.action}"` : 'an action is needed'}:\n  ${MODELS_USAGE}`);
    }
  });
}
