#!/usr/bin/env node
/**
 * The `sluice` command: a table of subcommands (COMMANDS below), each with a one-line summary for the global help, its
 * own help with examples (`sluice <command> --help`, `sluice help <command>`), its options, and a `run` that loads its
 * module from src/cli/ only when it runs. This file parses arguments and maps failures to the exit codes of EXIT
 * (src/cli/io.ts): 0 done, 1 failure, 2 usage or configuration error, 3 Redis does not answer.
 * To add a command, add an entry to COMMANDS.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from './platform/config.js';
import { LIST_KINDS } from './scoring/site-lists.js';
import { EXIT, RedisUnreachableError, UsageError } from './cli/io.js';
import { DECIDE_USAGE, DELIVERIES_USAGE, MODELS_USAGE, SITES_USAGE, STATS_USAGE, TOKENS_USAGE } from './cli/usage.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The groups of the global help, in order. */
const GROUPS = ['Service', 'Administration (talks to Redis at REDIS_URL)', 'Data rights (docs/DATA-RIGHTS.md; audited)', 'Classifier', 'Offline'] as const;

/** What a command's `run` gets: the configuration (read on first use), its positionals after the command name, its options. */
export interface CommandInput {
  readonly config: () => Config;
  /** Positionals after the command name (`sites add NAME` → `['add', 'NAME']`). */
  readonly args: readonly string[];
  string(name: string): string | undefined;
  strings(name: string): string[];
  flag(name: string): boolean;
}

export interface CliCommand {
  readonly name: string;
  /** The group it is listed under in the global help. */
  readonly group: (typeof GROUPS)[number];
  /** One line in the global help. */
  readonly summary: string;
  /** `sluice <name> …` lines. */
  readonly usage: string;
  /** What it does, its options, what it prints. */
  readonly details: string;
  readonly examples: readonly string[];
  /** How many positionals its usage has after the command name (by action); more is a usage error. Default: none. */
  readonly maxArgs?: number | ((args: readonly string[]) => number);
  /** Its options; one with `multiple: true` takes every value up to the next option (`--data A.csv B.csv`). */
  readonly options?: Options;
  run(input: CommandInput): Promise<number>;
}

const EXIT_CODES = `Exit codes
  ${EXIT.ok}  done
  ${EXIT.failure}  failed: a runtime error, or what was asked for does not exist or cannot be done now (not found, conflict)
  ${EXIT.usage}  usage or configuration error: nothing was done (the message says what; <command> --help shows the usage)
  ${EXIT.noRedis}  Redis does not answer at REDIS_URL: nothing was done; start Redis or fix REDIS_URL, then run it again`;

const serve = (name: 'serve' | 'api' | 'worker', summary: string, roles: { api: boolean; worker: boolean }): CliCommand => ({
  name,
  group: 'Service',
  summary,
  usage: `sluice ${name}`,
  details: `${summary}. Runs until SIGTERM or SIGINT, then drains (finishes what is in flight) and exits 0.
Configuration comes from environment variables (PORT, REDIS_URL, WORKER_CONCURRENCY…; see README.md).`,
  examples: [`PORT=8080 REDIS_URL=redis://127.0.0.1:6379 sluice ${name}`],
  async run({ config }) {
    const [{ serveCommand }, { createLogger }] = await Promise.all([import('./cli/serve.js'), import('./platform/logger.js')]);
    return serveCommand(config(), createLogger({ level: config().logLevel }), roles);
  },
});

/** Every command, in the order of the global help. */
export const COMMANDS: readonly CliCommand[] = [
  serve('serve', 'API and scoring workers in one process', { api: true, worker: true }),
  serve('api', 'the HTTP API only', { api: true, worker: false }),
  serve('worker', 'scoring workers only (run as many as you like)', { api: false, worker: true }),
  {
    name: 'health',
    group: 'Service',
    summary: "a healthcheck of this host's worker (its heartbeat in Redis) or API (/healthz); compose runs it",
    usage: 'sluice health --worker [--within SECONDS]\n       sluice health --api',
    details: `--worker: exit 0 when a scoring worker of this host (this container) beat in Redis within SECONDS (default 30;
  workers beat every 5 s); 1 when none did, or Redis does not answer (the message names its URL).
--api: exit 0 when the API on this host's PORT answers GET /healthz; 1 otherwise. Prints "ok", or why not on stderr.`,
    examples: ['sluice health --worker', 'PORT=8080 sluice health --api'],
    options: { worker: { type: 'boolean' }, api: { type: 'boolean' }, within: { type: 'string' } },
    async run(a) {
      const { healthCommand } = await import('./cli/health.js');
      return healthCommand(a.config(), { worker: a.flag('worker'), api: a.flag('api'), within: a.string('within') });
    },
  },
  {
    name: 'dev-receiver',
    group: 'Service',
    summary: 'a local stand-in CMS: prints each callback it receives, its signature checked (README "Try it")',
    usage: 'sluice dev-receiver [--port 8090] [--host 127.0.0.1] [--secret WHSEC]',
    details: `Listens on http://HOST:PORT (any path) and prints each callback: a summary line (comment, verdict, who decided,
  whether the Sluice-Signature matches --secret, the delivery id and try), then the body as received. Answers 204, or
  401 when the signature is wrong or missing (Sluice then retries). Start the service with CALLBACK_ALLOW_PRIVATE=true
  so it may call a loopback address. Runs until Ctrl-C.`,
    examples: ['sluice dev-receiver --port 8090 --secret "$WEBHOOK_SECRET"'],
    options: { port: { type: 'string' }, host: { type: 'string' }, secret: { type: 'string' } },
    async run(a) {
      const { devReceiverCommand } = await import('./cli/dev-receiver.js');
      return devReceiverCommand({ port: a.string('port'), host: a.string('host'), secret: a.string('secret') });
    },
  },
  {
    name: 'sites',
    maxArgs: (a) => (a[0] === 'list' ? 1 : a[0] === 'coral-revoke' ? 3 : 2),
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'add and list sites, issue Coral secrets, rotate webhook secrets',
    usage: SITES_USAGE,
    details: `add: creates a site; prints { site, apiKey, webhookSecret } (shown once). --shadow: it starts in shadow mode
  (scored and counted, the CMS always told ham). --callback-url: where verdicts are POSTed.
list: one JSON line per site (no secrets).
coral-secret: a Coral external-moderation signing secret for the site (shown once); --rotate keeps the previous ones valid.
coral-secrets: the site's Coral secrets by id and prefix (never the secret); coral-revoke: refuses what that one signs.
rotate-secret: a new webhook secret, as POST /v1/sites/:id/rotate-secret; callbacks also carry a signature with the old
  one for --grace-hours (default 24, at most 720). Prints { webhookSecret, previousSecretExpiresAt }. A second rotation
  while the previous secret's grace runs is refused (exit 1); --force rotates anyway and drops the previous secret at
  once (a leaked secret).`,
    examples: [
      'sluice sites add "Daily Gazette" --callback-url https://cms.example/sluice-callback',
      'sluice sites add "Staging blog" --shadow',
      'sluice sites list',
      'sluice sites coral-secret daily-gazette --rotate',
      'sluice sites coral-secrets daily-gazette',
      'sluice sites coral-revoke daily-gazette 3f9a0c1b2d4e5f60',
      'sluice sites rotate-secret daily-gazette --grace-hours 48',
    ],
    options: { 'callback-url': { type: 'string' }, shadow: { type: 'boolean' }, rotate: { type: 'boolean' }, 'grace-hours': { type: 'string' }, force: { type: 'boolean' } },
    async run(a) {
      const { sitesCommand } = await import('./cli/admin.js');
      return sitesCommand(a.config(), { action: a.args[0], name: a.args[1], secretId: a.args[2], callbackUrl: a.string('callback-url'), rotate: a.flag('rotate'), shadow: a.flag('shadow'), graceHours: a.string('grace-hours'), force: a.flag('force') });
    },
  },
  {
    name: 'tokens',
    maxArgs: (a) => (a[0] === 'revoke' ? 2 : 1),
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'staff tokens (moderator, operator): add, list, revoke',
    usage: TOKENS_USAGE,
    details: `add: prints { token, id, role, name } (the token is shown once). Roles: moderator (decides comments),
  operator (also sites, lists, models, deliveries).
list: one JSON line per token (no secrets). revoke: the token stops working at once.`,
    examples: ['sluice tokens add --role moderator --name "Ana (night shift)"', 'sluice tokens list', 'sluice tokens revoke 3f2a9c'],
    options: { role: { type: 'string' }, name: { type: 'string' } },
    async run(a) {
      const { tokensCommand } = await import('./cli/admin.js');
      return tokensCommand(a.config(), { action: a.args[0], role: a.string('role'), name: a.string('name'), id: a.args[1] });
    },
  },
  {
    name: 'lists',
    maxArgs: Infinity,
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: "the operator's lists (blocked and allowed domains, IPs, e-mails; banned and suspect words), global or per site",
    usage: 'sluice lists get KIND [--site S]\n       sluice lists set|add|remove KIND VALUE… [--site S]',
    details: `get prints { site, kind, values }; set replaces the list, add and remove change it (the API's validation).\nWithout --site, the global lists. KIND: ${LIST_KINDS.join(', ')}.`,
    examples: ['sluice lists get blocked-domains', 'sluice lists add blocked-domains casino.example pills.example --site daily-gazette'],
    options: { site: { type: 'string' } },
    async run(a) {
      const { listsCommand } = await import('./cli/lists.js');
      return listsCommand(a.config(), { action: a.args[0], kind: a.args[1], values: a.args.slice(2), site: a.string('site') });
    },
  },
  {
    name: 'reindex',
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'file every stored comment in the views and search index (after a crash; idempotent)',
    usage: 'sluice reindex [--site S]',
    details: 'Safe while the service runs. Prints { sites, comments }.',
    examples: ['sluice reindex', 'sluice reindex --site daily-gazette'],
    options: { site: { type: 'string' } },
    async run(a) {
      const { reindexCommand } = await import('./cli/reindex.js');
      return reindexCommand(a.config(), { site: a.string('site') });
    },
  },
  {
    name: 'models',
    maxArgs: (a) => (a[0] === 'activate' ? 2 : 1),
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'the model registry: list versions, activate one, retrain',
    usage: MODELS_USAGE,
    details: `list: one JSON line per trained version ({ version, …, active }). Before the first retrain there is none: the
  default model (MODEL_FILE, models/default.model) scores, and list says so on stderr.
activate: scoring switches to VERSION. retrain: queues a training job (a worker runs it); prints { jobId }.`,
    examples: ['sluice models list', 'sluice models retrain', 'sluice models activate 2026-12-01T10-00-00Z'],
    async run(a) {
      const { modelsCommand } = await import('./cli/models.js');
      return modelsCommand(a.config(), { action: a.args[0], version: a.args[1] });
    },
  },
  {
    name: 'deliveries',
    maxArgs: (a) => (a[0] === 'replay' ? 2 : 1),
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'CMS callbacks: list them by state, replay a failed one',
    usage: DELIVERIES_USAGE,
    details: `list: one JSON line per delivery, newest first, as GET /v1/deliveries ({ id, site, commentId, verdict, state,
  attempts, lastError, … }). --state: failed (given up after every try; the default), delayed (waiting for the next
  try), waiting, active, completed. --limit: how many to read (default 100, at most 500).
replay: sends a failed callback again with a fresh set of tries, as POST /v1/deliveries/:id/replay; prints { id, state }.`,
    examples: ['sluice deliveries list', 'sluice deliveries list --state delayed --site daily-gazette', 'sluice deliveries replay 9c1e…-d1'],
    options: { state: { type: 'string' }, site: { type: 'string' }, limit: { type: 'string' } },
    async run(a) {
      const { deliveriesCommand } = await import('./cli/staff.js');
      return deliveriesCommand(a.config(), { action: a.args[0], id: a.args[1], state: a.string('state'), site: a.string('site'), limit: a.string('limit') });
    },
  },
  {
    name: 'decide',
    maxArgs: 3,
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'decide a comment ham or spam, as a moderator does',
    usage: DECIDE_USAGE,
    details: `As POST /v1/comments/:id/decision: kept in the comment's history (by cli:<user>), sent to the CMS, learned by
the classifier. Prints { verdict, decision, learned, notified }. Exit 1 when the comment does not exist or is not scored yet.`,
    examples: ['sluice decide daily-gazette c-1042 spam --note "casino campaign"', 'sluice decide daily-gazette c-1043 ham'],
    options: { note: { type: 'string' } },
    async run(a) {
      const { decideCommand } = await import('./cli/staff.js');
      return decideCommand(a.config(), { site: a.args[0], id: a.args[1], verdict: a.args[2], note: a.string('note') });
    },
  },
  {
    name: 'stats',
    group: 'Administration (talks to Redis at REDIS_URL)',
    summary: 'daily numbers: received, verdicts, decisions, false positives, time in queue',
    usage: STATS_USAGE,
    details: `As GET /v1/stats: { sites, days: [{ date, received, ham, review, spam, …, medianQueueSeconds }] }, oldest day first.
--site: one site (default: every site added together). --days: how many UTC days ending today (default 30, at most 366).`,
    examples: ['sluice stats --days 7', "sluice stats --site daily-gazette --days 1 | jq '.days[0]'"],
    options: { site: { type: 'string' }, days: { type: 'string' } },
    async run(a) {
      const { statsCommand } = await import('./cli/staff.js');
      return statsCommand(a.config(), { site: a.string('site'), days: a.string('days') });
    },
  },
  ...(['erase', 'export'] as const).map(
    (name): CliCommand => ({
      name,
      group: 'Data rights (docs/DATA-RIGHTS.md; audited)',
      summary: name === 'erase' ? 'erase every trace of one person (idempotent); prints the counts per kind' : 'everything stored about one person, as JSON',
      usage: `sluice ${name} (--site S | --everywhere) (--email E | --ip A | --name N | --author-id U | --comment ID)`,
      details: `As ${name === 'erase' ? 'DELETE /v1/people' : 'GET /v1/people/export'}, audited as cli. One site (--site) or all of them (--everywhere),
and one way to name the person. What is kept and why: docs/DATA-RIGHTS.md.`,
      examples: [`sluice ${name} --everywhere --email ana@example.org`, `sluice ${name} --site daily-gazette --comment c-1042`],
      options: {
        site: { type: 'string' },
        everywhere: { type: 'boolean' },
        email: { type: 'string' },
        ip: { type: 'string' },
        name: { type: 'string' },
        'author-id': { type: 'string' },
        comment: { type: 'string' },
      },
      async run(a) {
        const { eraseCommand, exportCommand } = await import('./cli/people.js');
        const q = { site: a.string('site'), everywhere: a.flag('everywhere'), email: a.string('email'), ip: a.string('ip'), name: a.string('name'), authorId: a.string('author-id'), comment: a.string('comment') };
        return name === 'erase' ? eraseCommand(a.config(), q) : exportCommand(a.config(), q);
      },
    }),
  ),
  {
    name: 'train',
    maxArgs: (a) => (a[0] === 'import' ? Infinity : 0),
    group: 'Classifier',
    summary: 'train a model file offline, or import labelled examples into the corpus',
    usage: 'sluice train --data FILE… --out FILE\n       sluice train import FILE… [--site S]',
    details: `--data takes every file up to the next option (YouTube CSV, JSON lines, SMS collection); --out is the model file.
import stores labelled examples in the corpus in Redis: the next retrain uses them; with --site that site's model learns
them at once. Prints one JSON line; progress goes to stderr (updated in place on a terminal, one summary line otherwise).`,
    examples: ['sluice train --data Youtube01.csv Youtube02.csv --out my.model', 'sluice train import labelled.jsonl --site daily-gazette'],
    options: { data: { type: 'string', multiple: true }, out: { type: 'string' }, site: { type: 'string' } },
    async run(a) {
      const { trainCommand, trainImportCommand } = await import('./cli/train.js');
      const [action, ...files] = a.args;
      if (action === 'import') return trainImportCommand(a.config(), { files, site: a.string('site') });
      return trainCommand(a.config(), { data: a.strings('data'), out: a.string('out') });
    },
  },
  {
    name: 'eval',
    group: 'Classifier',
    summary: 'measure the classifier alone, or the whole pipeline (offline, cross-source, streamed)',
    usage: `sluice eval --model FILE --data FILE… [--threshold T] [--report FILE.html]
       sluice eval --pipeline [--data FILE…] [--test FILE…]
       sluice eval --cross-source [--sources A,B] [--format table|markdown|json] [--errors FILE] [--no-videos]
       sluice eval --stream [--sources A,B] [--moderate 200] [--limit 600] [--interval 60] [--learn-after 60] [--format …] [--errors FILE]`,
    details: `--model: the classifier alone on labelled data: precision, recall, F1, FPR, MCC, a threshold sweep (JSON); --report
  writes an HTML report. --pipeline: heuristics + classifier; default: cross-video on ../shared/data + SMS.
--cross-source: each shared source held out in turn (the detection figures). --stream: each shared source streamed
  through the real service (Redis) with a simulated moderator on the first comments (the learning loop).
--data and --test take every file up to the next option. Progress goes to stderr, never stdout.`,
    examples: ['sluice eval --model my.model --data Youtube05.csv SMSSpamCollection --report eval.html', 'sluice eval --cross-source --format markdown'],
    options: {
      model: { type: 'string' },
      data: { type: 'string', multiple: true },
      test: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      report: { type: 'string' },
      pipeline: { type: 'boolean' },
      'cross-source': { type: 'boolean' },
      stream: { type: 'boolean' },
      sources: { type: 'string' },
      format: { type: 'string' },
      errors: { type: 'string' },
      'no-videos': { type: 'boolean' },
      moderate: { type: 'string' },
      limit: { type: 'string' },
      interval: { type: 'string' },
      'learn-after': { type: 'string' },
    },
    async run(a) {
      return evalRun(a);
    },
  },
  {
    name: 'build-defaults',
    group: 'Classifier',
    summary: "what Sluice ships, from ../shared/data: the reasons' weights and models/default.model (npm run build:model)",
    usage: 'sluice build-defaults',
    details: "Fits the reasons' weights (weights.json) and trains models/default.model, with the cross-source figures.",
    examples: ['sluice build-defaults'],
    async run(a) {
      const { buildDefaultsCommand } = await import('./cli/build-defaults.js');
      return buildDefaultsCommand(a.config());
    },
  },
  {
    name: 'score',
    group: 'Offline',
    summary: 'comments as JSON lines on stdin → verdict JSON lines on stdout (no Redis)',
    usage: 'sluice score [--site S] [--model FILE]',
    details: 'The pipeline and the model only (no flood windows or site lists). A bad line yields { line, error } in its place.',
    examples: [`echo '{"id":"1","postId":"p","content":"hello","author":{"name":"Ana"}}' | sluice score`],
    options: { site: { type: 'string' }, model: { type: 'string' } },
    async run(a) {
      const { scoreCommand } = await import('./cli/score.js');
      return scoreCommand(a.config(), { site: a.string('site') ?? 'offline', model: a.string('model') }, process.stdin);
    },
  },
];

async function evalRun(a: CommandInput): Promise<number> {
  const config = a.config();
  const { EVAL_FORMATS } = await import('./cli/eval-report.js');
  const format = a.string('format') ?? 'table';
  if (!(EVAL_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${EVAL_FORMATS.join(', ')}`);
  const formatOf = format as (typeof EVAL_FORMATS)[number];
  const sources = a.string('sources')?.split(',').map((s) => s.trim()).filter(Boolean);
  if (a.flag('cross-source')) {
    const { evalCrossSourceCommand } = await import('./cli/eval-cross-source.js');
    return evalCrossSourceCommand(config, { sources, format: formatOf, errors: a.string('errors'), videos: !a.flag('no-videos') });
  }
  if (a.flag('stream')) {
    const { countOption, evalStreamCommand } = await import('./cli/eval-stream.js');
    return evalStreamCommand(config, {
      sources,
      moderate: countOption('moderate', a.string('moderate'), 200),
      limit: countOption('limit', a.string('limit'), 600),
      intervalSeconds: countOption('interval', a.string('interval'), 60),
      learnAfterMinutes: countOption('learn-after', a.string('learn-after'), 60),
      format: formatOf,
      errors: a.string('errors'),
    });
  }
  if (a.flag('pipeline')) {
    const { evalPipelineCommand } = await import('./cli/eval.js');
    return evalPipelineCommand(config, { data: a.strings('data'), test: a.strings('test') });
  }
  if (a.string('model')) {
    const threshold = a.string('threshold');
    const t = threshold === undefined ? 0.5 : Number(threshold);
    if (!(t > 0 && t < 1)) throw new UsageError(`--threshold must be between 0 and 1, not "${threshold}"`);
    const { evalModelCommand } = await import('./cli/eval-model.js');
    return evalModelCommand({ model: a.string('model')!, data: a.strings('data'), threshold: t, report: a.string('report') });
  }
  throw new UsageError('say what to evaluate: --model FILE, --pipeline, --cross-source or --stream');
}

function globalHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 4;
  const groups = GROUPS.map((g) => `${g}\n${COMMANDS.filter((c) => c.group === g).map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n')}`);
  return `Usage: sluice <command> [options]
       sluice <command> --help     that command's usage, options and examples (also: sluice help <command>)

${groups.join('\n\n')}

${EXIT_CODES}

Configuration is read from environment variables: see README.md.`;
}

function commandHelp(c: CliCommand): string {
  return `Usage: ${c.usage}

${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.
${c.details}

Examples
${c.examples.map((e) => `  ${e}`).join('\n')}

Exit codes: ${EXIT.ok} done, ${EXIT.failure} failed, ${EXIT.usage} usage error, ${EXIT.noRedis} Redis does not answer (sluice --help says more).`;
}

/** `--data A B --out F` → `--data A --data B --out F`, for the options that take several values. */
export function spreadLists(argv: readonly string[], options: Options): string[] {
  const lists = new Set(Object.entries(options).filter(([, o]) => o.multiple).map(([n]) => `--${n}`));
  const out: string[] = [];
  let list: string | undefined;
  for (const token of argv) {
    if (token.startsWith('-')) {
      list = lists.has(token) ? token : undefined;
      out.push(token);
    } else if (list && out[out.length - 1] !== list) out.push(list, token);
    else out.push(token);
  }
  return out;
}

const findCommand = (name: string | undefined): CliCommand | undefined => COMMANDS.find((c) => c.name === name);

async function main(argv: string[]): Promise<number> {
  const name = argv.find((t) => !t.startsWith('-'));
  if (name === undefined) {
    const asked = argv.includes('--help') || argv.includes('-h');
    (asked ? process.stdout : process.stderr).write(`${globalHelp()}\n`);
    return asked ? EXIT.ok : EXIT.usage;
  }
  if (name === 'help') {
    const topic = argv.filter((t) => !t.startsWith('-'))[1];
    const c = findCommand(topic);
    if (topic !== undefined && !c) throw new UsageError(`Unknown command "${topic}". Run "sluice --help" for the list.`);
    process.stdout.write(`${c ? commandHelp(c) : globalHelp()}\n`);
    return EXIT.ok;
  }
  const command = findCommand(name);
  if (!command) throw new UsageError(`Unknown command "${name}".\n\n${globalHelp()}`);
  const options: Options = { ...command.options, help: { type: 'boolean', short: 'h' } };
  const rest = argv.slice(argv.indexOf(name) + 1);
  let parsed;
  try {
    parsed = parseArgs({ args: spreadLists([...argv.slice(0, argv.indexOf(name)), ...rest], options), allowPositionals: true, strict: true, options });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nRun "sluice ${name} --help" for its usage and examples.`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values['help']) {
    process.stdout.write(`${commandHelp(command)}\n`);
    return EXIT.ok;
  }
  const max = typeof command.maxArgs === 'function' ? command.maxArgs(parsed.positionals) : (command.maxArgs ?? 0);
  const extra = parsed.positionals[max];
  if (extra !== undefined) {
    const listHint = command.options && Object.values(command.options).some((o) => o.multiple) ? ' (several files go after one --data, before the next option)' : '';
    throw new UsageError(`unexpected "${extra}"${listHint}: ${command.usage}`);
  }
  let config: Config | undefined;
  const { loadConfig } = await import('./platform/config.js');
  return command.run({
    config: () => (config ??= loadConfig()),
    args: parsed.positionals,
    string: (n) => (typeof values[n] === 'string' ? (values[n] as string) : undefined),
    strings: (n) => (Array.isArray(values[n]) ? (values[n] as string[]) : []),
    flag: (n) => values[n] === true,
  });
}

/** The exit code of a failure, and whether its message alone says enough (no stack trace). */
async function exitOf(err: unknown): Promise<{ code: number; known: boolean }> {
  const [{ ConfigError }, { NoRedisError }, { AppError }] = await Promise.all([import('./platform/config.js'), import('./platform/embedded-redis.js'), import('./platform/errors.js')]);
  if (err instanceof UsageError || err instanceof ConfigError) return { code: EXIT.usage, known: true };
  if (err instanceof RedisUnreachableError || err instanceof NoRedisError) return { code: EXIT.noRedis, known: true };
  if (err instanceof AppError) return { code: err.status === 400 ? EXIT.usage : EXIT.failure, known: true };
  return { code: EXIT.failure, known: false };
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const { code, known } = await exitOf(err);
    const name = argv.find((t) => !t.startsWith('-'));
    const hint = code === EXIT.usage && err instanceof UsageError && findCommand(name) && !(err as Error).message.includes('--help') ? `\nRun "sluice ${name} --help" for its usage and examples.` : '';
    process.stderr.write(`sluice: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}${hint}\n`);
    process.exitCode = code;
  },
);
