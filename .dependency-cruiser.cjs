/**
 * The layout's import rules, checked in `npm test` (`npm run check:layout`). The flow reads downwards:
 *   cli.ts, service.ts, src/cli/         composition root and tooling: may import anything
 *   src/http/, workers/                  edges: HTTP routes and BullMQ adapters, each calling use cases
 *   src/use-cases/                       one flow per file
 *   src/store/, src/queue/, src/delivery/, src/integrations/   I/O adapters and protocol mappings
 *   src/evaluation/                      evaluation maths over the pure core
 *   src/scoring/, src/classifier/        the pure core: no I/O, no platform
 *   src/domain/, src/platform/           the contracts and the process's plumbing
 * A module may import its own layer and the layers below it, never above.
 */
const layer = (folders) => `^(${folders.join('|')})/`;
const ROOT = '^src/(cli|service)\\.ts$|^src/cli/';
const EDGES = ['src/http', 'workers'];
const USE_CASES = ['src/use-cases'];
const ADAPTERS = ['src/store', 'src/queue', 'src/delivery', 'src/integrations'];
const EVALUATION = ['src/evaluation'];
const CORE = ['src/scoring', 'src/classifier'];
const BASE = ['src/domain'];

/** A rule: nothing in `from` imports anything in `to`. */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Modules import each other in one direction only.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    forbid('only-the-root-composes', 'Only the composition root (cli.ts, service.ts, src/cli/) imports the root.', '^(src/(?!cli/|cli\\.ts|service\\.ts)|workers/)', ROOT),
    forbid('edges-stay-apart', 'HTTP routes and BullMQ adapters are two doors to the same use cases; neither imports the other.', layer(['src/http']), layer(['workers'])),
    forbid('workers-are-adapters', 'A worker adapts a job to a use case; HTTP code is not its business.', layer(['workers']), layer(['src/http'])),
    forbid('use-cases-below-edges', 'Use cases do not know which door called them.', layer(USE_CASES), layer(EDGES)),
    forbid('adapters-below-use-cases', 'Store, queue, delivery and protocol code do not call use cases or edges.', layer(ADAPTERS), layer([...EDGES, ...USE_CASES, ...EVALUATION])),
    forbid('evaluation-below-use-cases', 'Evaluation maths runs over the pure core only.', layer(EVALUATION), layer([...EDGES, ...USE_CASES, ...ADAPTERS])),
    forbid('core-is-pure', 'The scoring core and the classifier do no I/O: no store, queue, platform, use case or edge.', layer(CORE), layer([...EDGES, ...USE_CASES, ...ADAPTERS, ...EVALUATION, 'src/platform'])),
    {
      name: 'core-imports-no-io',
      comment: 'The pure core reads no files and talks to no server: data is loaded by the composition root and passed in.',
      severity: 'error',
      from: { path: layer(CORE) },
      to: { path: '^(node:)?(fs|fs/promises|dgram|dns|http|https|child_process|worker_threads)$|^(ioredis|bullmq|pino|express)$', dependencyTypesNot: ['type-only'] },
    },
    forbid('domain-is-the-base', 'The domain contracts import only the platform.', layer(BASE), layer([...EDGES, ...USE_CASES, ...ADAPTERS, ...EVALUATION, ...CORE])),
    forbid('platform-is-plumbing', 'The platform (config, logger, metrics, redis, errors, paths) knows nothing of the application.', layer(['src/platform']), layer([...EDGES, ...USE_CASES, ...ADAPTERS, ...EVALUATION, ...CORE, ...BASE])),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test|bench|ui)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
