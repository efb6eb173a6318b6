/**
 * Stopping as a supervisor stops it: SIGTERM goes to the process the supervisor started (`npm start`'s npm process,
 * or `node dist/src/cli.js …` as compose and the Dockerfile run it). The service drains — the comment waiting for its
 * verdict gets an answer, the log says it stopped — and no `node dist/src/cli.js serve` is left answering /healthz.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { fromRoot } from '../../src/platform/paths.js';
import { createStore } from '../../src/store/index.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';
import { sluiceEnv, VerdictListener } from '../helpers/processes.js';

const prefix = uniquePrefix('ops-stop');
const redis = inspector();
const store = createStore(redis, prefix);
after(async () => {
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** The pids whose parent is `pid` (read from /proc: no `ps` needed). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 4 of /proc/PID/stat, after the command name in parentheses (which may hold spaces).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The `node dist/src/cli.js serve` process under `pid` (npm runs it through `sh -c`). */
function findServe(pid: number): number | undefined {
  for (const child of childrenOf(pid)) {
    if (/^\S*node dist\/src\/cli\.js serve$/.test(commandLine(child))) return child;
    const deeper = findServe(child);
    if (deeper) return deeper;
  }
  return undefined;
}

interface Launched {
  readonly child: ChildProcess;
  readonly url: string;
  readonly lines: string[];
  /** Resolves once stdout ends: every process writing to it (npm and the service) has exited. */
  readonly outputEnded: Promise<void>;
}

/** Starts `command args` and resolves once the service logged "sluice started" (npm's own lines are skipped). */
async function launch(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Launched> {
  const child = spawn(command, args, { cwd: fromRoot('.'), env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let started: (url: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => (started = resolve));
  const rl = createInterface({ input: child.stdout! });
  const outputEnded = once(rl, 'close').then(() => undefined);
  rl.on('line', (line) => {
    lines.push(line);
    if (line.includes('"sluice started"')) started((JSON.parse(line) as { url: string }).url);
  });
  const exitedEarly = once(child, 'exit').then(([code]) => {
    throw new Error(`${command} exited with ${code} before starting:\n${lines.join('\n')}`);
  });
  return { child, url: await Promise.race([url, exitedEarly]), lines, outputEnded };
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function healthAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

/** Posts comments, SIGTERMs `target` with one request waiting for its verdict, and checks the drain and the exit. */
async function stopUnderLoad(launched: Launched, target: number, servePid: number, site: string, key: string): Promise<void> {
  const listener = await VerdictListener.start(TEST_REDIS_URL, store, site);
  const post = (id: string, query = '') =>
    fetch(`${launched.url}/v1/comments${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ id, postId: 'p', content: `Thanks for the article, comment ${id} agrees with the second point.` }),
    });
  try {
    const ids = [`${target}-a`, `${target}-b`, `${target}-c`];
    for (const id of ids) assert.equal((await post(id)).status, 202);
    await listener.until(ids);

    const waiting = post(`${target}-last`, '?wait=3000');
    await new Promise((r) => setTimeout(r, 30));
    process.kill(target, 'SIGTERM');
    const answer = await waiting;
    assert.ok(answer.status === 200 || answer.status === 202, `the request in flight got ${answer.status}`);

    await until('the service process has exited', () => !alive(servePid));
    await launched.outputEnded;
    assert.equal(await healthAnswers(launched.url), false, '/healthz still answers');
    const messages = launched.lines.map((l) => (l.startsWith('{') ? (JSON.parse(l) as { msg: string }).msg : l));
    assert.ok(messages.some((m) => m.startsWith('shutting down')), 'the drain is logged');
    assert.ok(messages.includes('sluice stopped'), `the service logged that it stopped:\n${launched.lines.slice(-5).join('\n')}`);
  } finally {
    listener.close();
    if (alive(servePid)) process.kill(servePid, 'SIGKILL');
  }
}

async function newSite(name: string): Promise<{ site: string; key: string }> {
  const site = (await store.sites.create({ name }, new Date()))!.id;
  return { site, key: await store.credentials.issueSiteKey(site) };
}

test('When a supervisor sends SIGTERM to the npm process of `npm start`, then the service drains, exits and leaves no orphan', async () => {
  const { site, key } = await newSite('stop npm');
  const launched = await launch('npm', ['start'], sluiceEnv(TEST_REDIS_URL, prefix, { WORKER_CONCURRENCY: '2' }));
  const servePid = findServe(launched.child.pid!);
  assert.ok(servePid, 'npm start runs node dist/src/cli.js serve');
  await stopUnderLoad(launched, launched.child.pid!, servePid, site, key);
});

test('When SIGTERM goes to `node dist/src/cli.js serve` as compose and the Dockerfile run it, then it drains and exits 0', async () => {
  const { site, key } = await newSite('stop node');
  const launched = await launch(process.execPath, ['dist/src/cli.js', 'serve'], sluiceEnv(TEST_REDIS_URL, prefix, { WORKER_CONCURRENCY: '2' }));
  const exited = once(launched.child, 'exit');
  await stopUnderLoad(launched, launched.child.pid!, launched.child.pid!, site, key);
  assert.deepEqual(await exited, [0, null]);
});
