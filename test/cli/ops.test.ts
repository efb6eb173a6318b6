/**
 * The CLI an operator meets in the first hour (issue 16, point 5): arguments as the help says, each command's own
 * help, exit codes, a fast failure when Redis is down, every staff action, and progress that never touches stdout.
 * Each test runs the compiled `sluice` against the real Redis.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { as, configureSite, MODERATION_ENV, storeVerdict } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

const envOf = (prefix: string, extra: Record<string, string> = {}) => ({ REDIS_URL: TEST_REDIS_URL, REDIS_PREFIX: prefix, EMBEDDED_REDIS: 'never', ...extra });
const jsonLines = (out: string): Array<Record<string, unknown>> => out.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

async function csvFiles(): Promise<{ dir: string; files: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-cli-'));
  const header = 'COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS\n';
  const rows = (tag: string, n: number) =>
    Array.from({ length: n }, (_, i) =>
      i % 2 ? `${tag}h${i},reader${i},2024-01-01,"I liked the part about the council budget, number ${i}",0` : `${tag}s${i},bot${i},2024-01-01,"check out my channel http://spam.example/${i} free money",1`,
    ).join('\n');
  const files = [join(dir, 'A.csv'), join(dir, 'B.csv')];
  await writeFile(files[0]!, header + rows('a', 40) + '\n');
  await writeFile(files[1]!, header + rows('b', 40) + '\n');
  return { dir, files };
}

test('When `train --data` is given several files after one flag, then it trains on all of them, and progress goes to stderr only', async () => {
  const { dir, files } = await csvFiles();
  try {
    const out = join(dir, 'm.model');
    const r = await runCli(['train', '--data', files[0]!, files[1]!, '--out', out], envOf('unused'));
    assert.equal(r.code, 0, r.stderr);
    const [result] = jsonLines(r.stdout);
    assert.equal(result?.['examples'], 80, 'both files were read');
    assert.equal(r.stdout.trim().split('\n').length, 1, 'stdout holds the JSON result only');
    // stderr is not a TTY here: one summary line, with counts and a rate, no carriage returns.
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^sluice train: 80 examples .* in [\d.]+ s \([\d,.]+\/s\)$/);
    assert.doesNotMatch(r.stderr, /\r/);
    // eval takes the same list form.
    const e = await runCli(['eval', '--model', out, '--data', files[0]!, files[1]!], envOf('unused'));
    assert.equal(e.code, 0, e.stderr);
    assert.match(e.stderr, /^sluice eval: 80 examples/m);
    const p = await runCli(['eval', '--pipeline', '--data', files[0]!, files[1]!], envOf('unused'));
    assert.equal(p.code, 0, p.stderr);
    assert.equal(jsonLines(p.stdout).length, 1);
    assert.match(p.stderr.trim(), /^sluice eval: 80 examples through the pipeline .* in [\d.]+ s \([\d,.]+\/s\)$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('When `train import` runs, then stdout is its JSON outcome and stderr one summary line', async () => {
  const prefix = uniquePrefix('cli-import');
  const { dir, files } = await csvFiles();
  const redis = inspector();
  try {
    const r = await runCli(['train', 'import', files[0]!, files[1]!], envOf(prefix));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(jsonLines(r.stdout)[0]?.['imported'], 80);
    assert.match(r.stderr.trim(), /^sluice import: 80 examples in [\d.]+ s \([\d,.]+\/s\)$/);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});

test('When a command is asked for help, then it prints its own help with examples, and the global help one line per command', async () => {
  const global = await runCli(['--help']);
  assert.equal(global.code, 0);
  assert.match(global.stdout, /Exit codes/);
  for (const command of ['serve', 'sites', 'tokens', 'train', 'eval', 'models', 'lists', 'reindex', 'score', 'deliveries', 'decide', 'stats']) {
    assert.match(global.stdout, new RegExp(`^  ${command} +\\S`, 'm'), `${command} is listed`);
  }
  const sites = await runCli(['sites', '--help']);
  assert.equal(sites.code, 0);
  assert.notEqual(sites.stdout, global.stdout);
  assert.match(sites.stdout, /^Usage: sluice sites/m);
  assert.match(sites.stdout, /coral-secret/);
  assert.match(sites.stdout, /--shadow/);
  assert.match(sites.stdout, /rotate-secret/);
  assert.match(sites.stdout, /Examples/);
  assert.equal((await runCli(['help', 'sites'])).stdout, sites.stdout, '`help sites` is the same');
  const train = await runCli(['train', '-h']);
  assert.match(train.stdout, /^Usage: sluice train/m);
  assert.match(train.stdout, /Examples/);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown command "frobnicate"/);
});

test('When a usage is wrong, then exit 2 with the command usage: sites names every action, tokens names the roles', async () => {
  const prefix = uniquePrefix('cli-usage');
  const redis = inspector();
  try {
    const sites = await runCli(['sites', 'frob'], envOf(prefix));
    assert.equal(sites.code, 2);
    for (const part of ['add', 'list', 'coral-secret', '--shadow', 'rotate-secret']) assert.ok(sites.stderr.includes(part), `${part} in ${sites.stderr}`);
    const tokens = await runCli(['tokens', 'add', '--role', 'admin'], envOf(prefix));
    assert.equal(tokens.code, 2);
    assert.match(tokens.stderr, /"admin".*moderator.*operator/);
    const opt = await runCli(['stats', '--bogus'], envOf(prefix));
    assert.equal(opt.code, 2);
    // Words the usage does not have are refused, not ignored.
    for (const args of [['stats', 'daily-gazette'], ['serve', 'now'], ['sites', 'list', 'all'], ['decide', 's', 'c', 'spam', 'extra'], ['score', 'file.jsonl']]) {
      const r = await runCli(args, envOf(prefix));
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /unexpected/);
    }
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});

test('When no model was retrained yet, then `models list` says which model scores and that retrain creates versions', async () => {
  const prefix = uniquePrefix('cli-models');
  const redis = inspector();
  try {
    const r = await runCli(['models', 'list'], envOf(prefix));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '', 'stdout stays machine-readable (no versions, no lines)');
    assert.match(r.stderr, /default\.model/);
    assert.match(r.stderr, /models retrain/);
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});

test('When Redis does not answer, then a command fails within 2 s with exit 3, naming the URL (no password) and what to do', async () => {
  const started = performance.now();
  const r = await runCli(['sites', 'list'], { REDIS_URL: 'redis://:hunter2@127.0.0.1:1/0', EMBEDDED_REDIS: 'never' });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(r.code, 3, r.stderr);
  assert.ok(seconds <= 2.5, `failed after ${seconds.toFixed(2)} s`); // 2 s in the command, plus starting node
  assert.match(r.stderr, /redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0/);
  assert.doesNotMatch(r.stderr, /hunter2/);
  assert.match(r.stderr, /REDIS_URL/);
  assert.doesNotMatch(r.stderr, /^\s+at /m, 'no stack trace');
});

async function failedDelivery(t: TestService): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const r = await runCli(['deliveries', 'list', '--state', 'failed'], envOf(t.config.redisPrefix));
    assert.equal(r.code, 0, r.stderr);
    const [first] = jsonLines(r.stdout);
    if (first) return String(first['id']);
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('no delivery failed');
}

test('When staff use the CLI, then decide, deliveries list|replay, rotate-secret and stats do what the API does', async () => {
  const t = await startTestService('cli-staff', { env: MODERATION_ENV });
  const env = envOf(t.config.redisPrefix);
  try {
    await configureSite(t, { callbackUrl: 'http://127.0.0.1:1/callback' });
    await storeVerdict(t, 'c1', { content: 'cheap pills here', author: { name: 'Bot' } }, { score: 0.7, reasons: [] });
    // decide
    const bad = await runCli(['decide', t.site, 'c1', 'maybe'], env);
    assert.equal(bad.code, 2);
    const missing = await runCli(['decide', t.site, 'nope', 'spam'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /not found/);
    const decided = await runCli(['decide', t.site, 'c1', 'spam', '--note', 'pills'], env);
    assert.equal(decided.code, 0, decided.stderr);
    const outcome = jsonLines(decided.stdout)[0] as { verdict: { verdict: string; decidedBy: string }; decision: { note: string } };
    assert.equal(outcome.verdict.verdict, 'spam');
    assert.equal(outcome.decision.note, 'pills');
    assert.equal((await t.store.comments.get(t.site, 'c1'))?.verdict?.verdict, 'spam');
    // the callback to a closed port fails: list it, replay it
    const id = await failedDelivery(t);
    const api = (await as(t, t.operatorToken).get('/v1/deliveries?state=failed')).body as { deliveries: Array<{ id: string }> };
    assert.deepEqual(api.deliveries.map((d) => d.id), [id], 'the CLI lists what the API lists');
    const replayed = await runCli(['deliveries', 'replay', id], env);
    assert.equal(replayed.code, 0, replayed.stderr);
    assert.deepEqual(jsonLines(replayed.stdout)[0], { id, state: 'waiting' });
    const again = await runCli(['deliveries', 'replay', 'no-such-job'], env);
    assert.equal(again.code, 1);
    const wrongState = await runCli(['deliveries', 'list', '--state', 'lost'], env);
    assert.equal(wrongState.code, 2);
    // stats
    const stats = await runCli(['stats', '--site', t.site, '--days', '3'], env);
    assert.equal(stats.code, 0, stats.stderr);
    const fromApi = (await as(t, t.operatorToken).get(`/v1/stats?site=${t.site}&days=3`)).body as unknown;
    assert.deepEqual(jsonLines(stats.stdout)[0], fromApi);
    // rotate-secret
    const before = (await t.store.sites.get(t.site))!.webhookSecret;
    const rotated = await runCli(['sites', 'rotate-secret', t.site, '--grace-hours', '2'], env);
    assert.equal(rotated.code, 0, rotated.stderr);
    const r = jsonLines(rotated.stdout)[0] as { webhookSecret: string; previousSecretExpiresAt: string };
    const after = (await t.store.sites.get(t.site))!;
    assert.equal(after.webhookSecret, r.webhookSecret);
    assert.notEqual(r.webhookSecret, before);
    assert.equal(after.previousWebhookSecret?.expiresAt, r.previousSecretExpiresAt);
    assert.equal((await runCli(['sites', 'rotate-secret', 'no-such-site'], env)).code, 1);
  } finally {
    await t.stop();
  }
});

test('When the README is read, then its CLI section names every command of the global help and each exit code', async () => {
  const { readFileSync } = await import('node:fs');
  const { fromRoot } = await import('../../src/platform/paths.js');
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `sluice` command'), readme.indexOf('\n## ', readme.indexOf('## The `sluice` command') + 5));
  const help = (await runCli(['--help'])).stdout;
  const commands = [...help.matchAll(/^ {2}([a-z][\w-]*) {2,}\S/gm)].map((m) => m[1]!);
  assert.ok(commands.length >= 15, help);
  for (const c of commands) assert.ok(section.includes(`sluice ${c}`), `the README's CLI section lacks "sluice ${c}"`);
  for (const code of [0, 1, 2, 3]) assert.match(section, new RegExp(`^\\| ${code} \\|`, 'm'));
  assert.match(help, /^ {2}3 {2}Redis/m);
});

test('When an operator issues, lists and revokes Coral secrets from the CLI, then it is the API\'s audited use case, and a second webhook rotation in grace needs --force', async () => {
  const prefix = uniquePrefix('cli-coral');
  const redis = inspector();
  try {
    const env = envOf(prefix);
    const added = await runCli(['sites', 'add', 'Harbour Post'], env);
    assert.equal(added.code, 0, added.stderr);
    const site = String(jsonLines(added.stdout)[0]?.['site']);
    const first = jsonLines((await runCli(['sites', 'coral-secret', site], env)).stdout)[0]!;
    const second = jsonLines((await runCli(['sites', 'coral-secret', site, '--rotate'], env)).stdout)[0]!;
    const listed = await runCli(['sites', 'coral-secrets', site], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(jsonLines(listed.stdout).map((s) => s['id']).sort(), [first['id'], second['id']].sort());
    assert.ok(!listed.stdout.includes(String(first['coralSigningSecret'])), 'the secret itself is never listed');
    const revoked = await runCli(['sites', 'coral-revoke', site, String(first['id'])], env);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.deepEqual(jsonLines((await runCli(['sites', 'coral-secrets', site], env)).stdout).map((s) => s['id']), [second['id']]);
    assert.equal((await runCli(['sites', 'coral-revoke', site, String(first['id'])], env)).code, 1, 'revoked already: not found');
    // The webhook secret: a second rotation while the first one's grace runs is refused, --force does it.
    assert.equal((await runCli(['sites', 'rotate-secret', site], env)).code, 0);
    const refused = await runCli(['sites', 'rotate-secret', site], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /still signs until .*--force/);
    const forced = await runCli(['sites', 'rotate-secret', site, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
  } finally {
    await deletePrefix(redis, prefix);
    await redis.quit();
  }
});
