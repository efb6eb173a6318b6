#!/usr/bin/env node
/**
 * The `sluice` command. Each subcommand lives in src/cli/; this file parses arguments and maps failures to exit codes:
 * 0 success, 1 runtime failure, 2 usage or configuration error.
 */
import { parseArgs } from 'node:util';
import { adminHelp, sitesCommand, tokensCommand } from './cli/admin.js';
import { devReceiverCommand, devReceiverHelp } from './cli/dev-receiver.js';
import { evalModelCommand } from './cli/eval-model.js';
import { evalPipelineCommand } from './cli/eval.js';
import { evalCrossSourceCommand } from './cli/eval-cross-source.js';
import { EVAL_FORMATS, type EvalFormat } from './cli/eval-report.js';
import { healthCommand, healthHelp } from './cli/health.js';
import { countOption, evalStreamCommand } from './cli/eval-stream.js';
import { buildDefaultsCommand } from './cli/build-defaults.js';
import { listsCommand, listsHelp } from './cli/lists.js';
import { reindexCommand, reindexHelp } from './cli/reindex.js';
import { UsageError } from './cli/io.js';
import { modelsCommand } from './cli/models.js';
import { scoreCommand } from './cli/score.js';
import { serveCommand } from './cli/serve.js';
import { trainCommand, trainImportCommand } from './cli/train.js';
import { ConfigError, loadConfig } from './config.js';
import { NoRedisError } from './embedded-redis.js';
import { createLogger } from './logger.js';

const HELP = `Usage: sluice <command> [options]

Service
  serve                         API and scoring workers in one process (what npm start runs)
  api                           the HTTP API only
  worker                        scoring workers only (run as many as you like)
${healthHelp}
${devReceiverHelp}

Administration (talks to REDIS_URL)
${adminHelp}
${listsHelp}
${reindexHelp}

Classifier
  train --data FILE… --out FILE         train a model file offline (YouTube CSV, JSON lines, SMS collection)
  train import FILE… [--site S]         add labelled examples to the corpus in Redis
  eval --model FILE --data FILE… [--threshold T] [--report FILE.html]   the classifier alone on labelled data
  eval --pipeline [--data FILE…] [--test FILE…]   the whole pipeline; default: cross-video on ../shared/data + SMS
  eval --cross-source [--sources A,B] [--format table|markdown|json] [--errors FILE] [--no-videos]
                                the whole pipeline, each shared source held out in turn (the detection figures)
  eval --stream [--sources A,B] [--moderate 200] [--limit 600] [--interval 60] [--learn-after 60] [--format table|markdown|json] [--errors FILE]
                                each shared source streamed through the real service (Redis) with a simulated
                                moderator on the first comments: what moderation teaches (the learning loop)
  models list | activate VERSION | retrain   the model registry
  build-defaults                what Sluice ships, from ../shared/data: the reasons' weights fitted (weights.json)
                                and models/default.model, with the cross-source figures (npm run build:model)

Offline
  score [--site S] [--model F]  comments as JSON lines on stdin → verdict JSON lines on stdout (no Redis)

Configuration is read from environment variables: see README.md.`;

function thresholdOf(value: string | undefined): number {
  const t = value === undefined ? 0.5 : Number(value);
  if (!(t > 0 && t < 1)) throw new UsageError(`--threshold must be between 0 and 1, not "${value}"`);
  return t;
}

async function main(argv: string[]): Promise<number> {
  // These two parse their own options.
  if (argv[0] === 'health') return healthCommand(loadConfig(), argv.slice(1));
  if (argv[0] === 'dev-receiver') return devReceiverCommand(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      'callback-url': { type: 'string' },
      shadow: { type: 'boolean' },
      rotate: { type: 'boolean' },
      role: { type: 'string' },
      name: { type: 'string' },
      site: { type: 'string' },
      model: { type: 'string' },
      data: { type: 'string', multiple: true },
      out: { type: 'string' },
      report: { type: 'string' },
      threshold: { type: 'string' },
      pipeline: { type: 'boolean' },
      test: { type: 'string', multiple: true },
      'cross-source': { type: 'boolean' },
      sources: { type: 'string' },
      format: { type: 'string' },
      errors: { type: 'string' },
      'no-videos': { type: 'boolean' },
      stream: { type: 'boolean' },
      moderate: { type: 'string' },
      limit: { type: 'string' },
      interval: { type: 'string' },
      'learn-after': { type: 'string' },
    },
  });
  const [command, action, arg] = positionals;
  if (values.help || !command || command === 'help') {
    process.stdout.write(`${HELP}\n`);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
    case 'api':
    case 'worker': {
      const logger = createLogger({ level: config.logLevel });
      return serveCommand(config, logger, { api: command !== 'worker', worker: command !== 'api' });
    }
    case 'sites':
      return sitesCommand(config, { action, name: arg, callbackUrl: values['callback-url'], rotate: values.rotate, shadow: values.shadow });
    case 'tokens':
      return tokensCommand(config, { action, role: values.role, name: values.name, id: arg });
    case 'train':
      if (action === 'import') return trainImportCommand(config, { files: positionals.slice(2), site: values.site });
      if (action) throw new UsageError(`Unknown "train ${action}": train --data FILE… --out FILE | train import FILE…`);
      return trainCommand(config, { data: values.data ?? [], out: values.out });
    case 'eval': {
      const format = values.format ?? 'table';
      if (!(EVAL_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EVAL_FORMATS.join(', ')}`);
      const sources = values.sources?.split(',').map((s) => s.trim()).filter(Boolean);
      if (values['cross-source']) {
        return evalCrossSourceCommand(config, {
          sources,
          format: format as EvalFormat,
          errors: values.errors,
          videos: !values['no-videos'],
        });
      }
      if (values.stream) {
        return evalStreamCommand(config, {
          sources,
          moderate: countOption('moderate', values.moderate, 200),
          limit: countOption('limit', values.limit, 600),
          intervalSeconds: countOption('interval', values.interval, 60),
          learnAfterMinutes: countOption('learn-after', values['learn-after'], 60),
          format: format as EvalFormat,
          errors: values.errors,
        });
      }
      if (values.pipeline) return evalPipelineCommand(config, { data: values.data ?? [], test: values.test ?? [] });
      if (values.model) {
        return evalModelCommand({ model: values.model, data: values.data ?? [], threshold: thresholdOf(values.threshold), report: values.report });
      }
      throw new UsageError('eval --model FILE --data FILE… [--threshold T] [--report FILE.html] | eval --pipeline [--data FILE…] [--test FILE…]');
    }
    case 'build-defaults':
      return buildDefaultsCommand(config);
    case 'lists':
      return listsCommand(config, { action, kind: arg, values: positionals.slice(3), site: values.site });
    case 'reindex':
      return reindexCommand(config, { site: values.site });
    case 'models':
      return modelsCommand(config, { action, version: arg });
    case 'score':
      return scoreCommand(config, { site: values.site ?? 'offline', model: values.model }, process.stdin);
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${HELP}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = err instanceof UsageError || err instanceof ConfigError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const known = usage || err instanceof NoRedisError;
    process.stderr.write(`sluice: ${known ? (err as Error).message : (err as Error).stack ?? String(err)}\n`);
    process.exitCode = usage ? 2 : 1;
  },
);
