/**
 * `sluice serve|api|worker`: run the service until SIGTERM/SIGINT, then shut down gracefully and exit 0.
 * Under `npm start` a supervisor signals npm, which passes the signal to the `sh -c` it runs the script in, and the
 * shell dies without passing it on: the service would be orphaned, still answering. So when npm started it, the
 * service also shuts down gracefully once the process that started it has gone (its parent pid changes).
 * It fails loudly: a failed start (a port in use), an uncaught exception or an unhandled rejection is logged once
 * (fatal) and the process exits 1 after a drain bounded by SHUTDOWN_TIMEOUT_MS, so a supervisor sees it and restarts it.
 */
import type { Config } from '../platform/config.js';
import { ensureRedis } from '../platform/embedded-redis.js';
import type { Logger } from '../platform/logger.js';
import { startService, type RunningService } from '../service.js';

type Ending = { readonly signal: NodeJS.Signals | 'parent exited' } | { readonly fatal: string; readonly err: unknown };

/** How often the parent pid is checked under npm. */
const PARENT_CHECK_MS = 250;

/** Under an npm script, calls `onGone` once the parent process (npm's shell) has exited; returns the stop function. */
function watchLauncher(onGone: () => void): () => void {
  const parent = process.ppid;
  if (!process.env['npm_lifecycle_event'] || parent <= 1) return () => undefined;
  const timer = setInterval(() => {
    if (process.ppid !== parent) onGone();
  }, PARENT_CHECK_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export async function serveCommand(config: Config, logger: Logger, roles: { api: boolean; worker: boolean }): Promise<number> {
  let end: (ending: Ending) => void = () => undefined;
  const ended = new Promise<Ending>((resolve) => (end = resolve));
  const onSignal = (signal: NodeJS.Signals) => end({ signal });
  const onException = (err: unknown) => end({ fatal: 'uncaught exception', err });
  const onRejection = (err: unknown) => end({ fatal: 'unhandled rejection', err });
  process.once('SIGTERM', onSignal).once('SIGINT', onSignal);
  process.on('uncaughtException', onException).on('unhandledRejection', onRejection);
  const stopWatching = watchLauncher(() => end({ signal: 'parent exited' }));

  let service: RunningService | undefined;
  const embedded = await ensureRedis(config, logger);
  const started = startService({ config, logger, ...roles }).then(
    (running) => (service = running),
    (err: unknown) => end({ fatal: 'sluice failed to start', err }),
  );
  const ending = await ended;
  stopWatching();
  if ('signal' in ending) logger.info({ signal: ending.signal }, 'shutting down: no new work, finishing what is in flight');
  // Logged once: what follows (another failure while draining) is not the cause.
  else logger.fatal({ err: ending.err }, `${ending.fatal}; shutting down and exiting 1`);
  const code = 'signal' in ending ? 0 : 1;
  // A second signal, or a stuck close, must still end the process.
  const force = setTimeout(() => {
    logger.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
    process.exit(1);
  }, config.shutdownTimeoutMs);
  force.unref();
  await started;
  await service?.close().catch(() => undefined);
  await embedded?.stop();
  clearTimeout(force);
  process.off('uncaughtException', onException).off('unhandledRejection', onRejection);
  // After a failure, whatever still holds the event loop (a socket the failure left behind) must not keep it alive.
  if (code !== 0) process.exit(code);
  return code;
}
