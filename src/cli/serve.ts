/** `sluice serve|api|worker`: run the service until SIGTERM/SIGINT, then shut down gracefully and exit 0. */
import type { Config } from '../config.js';
import { ensureRedis } from '../embedded-redis.js';
import type { Logger } from '../logger.js';
import { startService } from '../service.js';

export async function serveCommand(config: Config, logger: Logger, roles: { api: boolean; worker: boolean }): Promise<number> {
  const embedded = await ensureRedis(config, logger);
  let service;
  try {
    service = await startService({ config, logger, ...roles });
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
  const running = service;
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ signal }, 'shutting down: no new work, finishing what is in flight');
  // A second signal, or a stuck close, must still end the process.
  const force = setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  await running.close();
  await embedded?.stop();
  clearTimeout(force);
  return 0;
}
