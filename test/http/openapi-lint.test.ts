/**
 * The OpenAPI document the running service serves lints clean with Redocly's recommended ruleset: no error, and no
 * warning but those redocly.yaml turns off one by one with its reason.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { fromRoot } from '../../src/platform/paths.js';
import { startTestService, type TestService } from '../helpers/service.js';

const run = promisify(execFile);
let svc: TestService;
let dir: string;

before(async () => {
  svc = await startTestService('openapi-lint', { worker: false });
  dir = await mkdtemp(join(tmpdir(), 'sluice-openapi-'));
});
after(async () => {
  await svc.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Problem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly location: ReadonlyArray<{ readonly pointer: string }>;
}

/**
 * Runs `redocly lint` (offline: no telemetry, no update check) on `name` in the temporary directory, with the
 * repository's redocly.yaml and .redocly.lint-ignore.yaml copied beside it (the ignore file names the file it covers
 * relative to itself, as `openapi.json`).
 */
async function lint(name: string): Promise<Problem[]> {
  for (const config of ['redocly.yaml', '.redocly.lint-ignore.yaml']) await copyFile(fromRoot(config), join(dir, config));
  const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
  const args = [fromRoot('node_modules/@redocly/cli/bin/cli.js'), 'lint', name, '--config', join(dir, 'redocly.yaml'), '--format', 'json'];
  // redocly exits 1 when it found an error; the JSON report is on stdout either way.
  const { stdout } = await run(process.execPath, args, { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch((err: { stdout?: string; stderr?: string }) => {
    if (!err.stdout) throw new Error(`redocly did not run: ${err.stderr ?? String(err)}`);
    return { stdout: err.stdout };
  });
  // Ignored problems are reported too, marked `ignored`: only the others count.
  return (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { problems: Array<Problem & { ignored?: boolean }> }).problems.filter((p) => !p.ignored);
}

const show = (problems: readonly Problem[]): string =>
  problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer ?? '?'}: ${p.message}`).join('\n');

test('When /openapi.json is linted with the recommended ruleset, then there is no error and no unjustified warning', async () => {
  const res = await fetch(`${svc.url}/openapi.json`);
  assert.equal(res.status, 200);
  const file = join(dir, 'openapi.json');
  await writeFile(file, await res.text());
  const problems = await lint('openapi.json');
  assert.deepEqual(problems, [], show(problems));
});

test('When a document has an operation without operationId, then the lint reports it (the check is live)', async () => {
  const file = join(dir, 'broken.json');
  const doc = { openapi: '3.1.0', info: { title: 't', version: '1', license: { name: 'MIT', identifier: 'MIT' } }, servers: [], paths: { '/x': { get: { responses: {} } } } };
  await writeFile(file, JSON.stringify(doc));
  const rules = new Set((await lint('broken.json')).map((p) => p.ruleId));
  for (const rule of ['no-empty-servers', 'operation-operationId']) assert.ok(rules.has(rule), [...rules].join());
});

test('When the document is read, then every operation has a unique camelCase operationId and authed ones answer 401 and 403', async () => {
  const doc = (await (await fetch(`${svc.url}/openapi.json`)).json()) as { paths: Record<string, Record<string, { operationId: string; security?: unknown[]; responses: Record<string, unknown> }>> };
  const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
  const ids = ops.map((op) => op.operationId);
  assert.equal(new Set(ids).size, ids.length, ids.join());
  for (const id of ids) assert.match(id, /^[a-z][A-Za-z0-9]*$/);
  const review = doc.paths['/v1/sites']!['get']!;
  assert.ok(review.responses['401'] && review.responses['403'], Object.keys(review.responses).join());
  assert.deepEqual(review.security, [{ staffToken: [] }]);
});
