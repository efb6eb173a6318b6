/**
 * The README's "Try it", run as written: its shell blocks, in order, through `sh` (ports moved to free ones, the test's
 * Redis and key prefix in the environment): the service, `sites add`, `sluice dev-receiver`, the curl. The receiver
 * must print the comment's callback with its signature verified, with the verdict the curl got.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { after, test } from 'node:test';
import { freePort } from '../../bench/support/processes.js';
import { fromRoot } from '../../src/platform/paths.js';
import { deletePrefix, inspector, TEST_REDIS_URL, uniquePrefix } from '../helpers/env.js';

const prefix = uniquePrefix('ops-try-it');
const redis = inspector();
const started: ChildProcess[] = [];
after(async () => {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid!, 'SIGTERM'); // its own process group: the shell, npm and what they started
      await once(child, 'exit');
    }
  }
  await deletePrefix(redis, prefix);
  await redis.quit();
});

/** The README's "Try it" section: its `sh` blocks, each as one script. */
function tryItBlocks(): string[] {
  const readme = readFileSync(fromRoot('README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Try it'), readme.indexOf('\n## ', readme.indexOf('## Try it') + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Runs `script` with `sh`, in its own process group; `lines` collects its stdout. */
function sh(script: string, env: NodeJS.ProcessEnv): { child: ChildProcess; lines: string[]; waitFor(re: RegExp, timeoutMs?: number): Promise<string> } {
  const child = spawn('sh', ['-c', script], { cwd: fromRoot('.'), env, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(child);
  const lines: string[] = [];
  const waiters: Array<{ re: RegExp; done: (line: string) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.filter((w) => w.re.test(line))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done(line);
    }
  });
  const waitFor = (re: RegExp, timeoutMs = 20_000): Promise<string> => {
    const seen = lines.find((l) => re.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no line matching ${re} in:\n${lines.join('\n')}`)), timeoutMs);
      waiters.push({ re, done: (line) => (clearTimeout(timer), resolve(line)) });
    });
  };
  return { child, lines, waitFor };
}

/** Runs a block to its end; resolves with its stdout. */
async function run(script: string, env: NodeJS.ProcessEnv): Promise<string> {
  const { child, lines } = sh(script, env);
  const [code] = await once(child, 'exit');
  assert.equal(code, 0, `${script}\n${lines.join('\n')}`);
  return lines.join('\n');
}

test('When the README\'s "Try it" is followed, then dev-receiver prints the comment\'s callback with its signature verified', async () => {
  const [serviceBlock, siteBlock, receiverBlock, curlBlock] = tryItBlocks();
  assert.ok(serviceBlock && siteBlock && receiverBlock && curlBlock, 'four shell blocks: service, site, receiver, comment');
  assert.match(serviceBlock, /^CALLBACK_ALLOW_PRIVATE=true npm start$/m);
  assert.match(receiverBlock, /dev-receiver --port 8090/);

  const [apiPort, receiverPort] = [await freePort(), await freePort()];
  const ports = (script: string): string =>
    script
      .split('\n')
      .filter((line) => !line.includes('…')) // placeholders (`export API_KEY=sk…`): the test exports the real values
      .join('\n')
      .replaceAll('localhost:8080', `127.0.0.1:${apiPort}`)
      .replaceAll('8090', String(receiverPort));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: prefix,
    EMBEDDED_REDIS: 'never',
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    LOG_LEVEL: 'info',
  };

  const service = sh(ports(serviceBlock), env);
  await service.waitFor(/"msg":"sluice started"/);

  const created = JSON.parse((await run(ports(siteBlock), env)).trim()) as { site: string; apiKey: string; webhookSecret: string };
  assert.equal(created.site, 'example-news');
  const secrets = { ...env, API_KEY: created.apiKey, WEBHOOK_SECRET: created.webhookSecret };

  const receiver = sh(ports(receiverBlock), secrets);
  await receiver.waitFor(new RegExp(`^dev-receiver listening on http://127\\.0\\.0\\.1:${receiverPort}/sluice-callback$`));

  const answer = JSON.parse(await run(ports(curlBlock), secrets)) as { id: string; verdict: string };
  assert.equal(answer.id, 'c-1001');
  assert.ok(['ham', 'spam'].includes(answer.verdict), `a final verdict is called back at once, not ${answer.verdict}`);

  const summary = await receiver.waitFor(/^callback for comment c-1001:/);
  assert.match(summary, new RegExp(`^callback for comment c-1001: ${answer.verdict} \\(decided by the machine\\) · signature verified · delivery \\S+ try 1$`));
  const body = JSON.parse(receiver.lines[receiver.lines.indexOf(summary) + 1]!) as { id: string; verdict: string };
  assert.deepEqual([body.id, body.verdict], ['c-1001', answer.verdict]);
});

test('When a callback is signed with another secret, then dev-receiver prints it as INVALID and answers 401', async () => {
  const port = await freePort();
  const receiver = sh(`node dist/src/cli.js dev-receiver --port ${port} --secret whsec_right`, process.env);
  await receiver.waitFor(/^dev-receiver listening/);
  const { signatureHeader } = await import('../../src/delivery/sign.js');
  const body = JSON.stringify({ id: 'c-9', verdict: 'ham', decidedBy: 'ana' });
  const post = (secret: string) =>
    fetch(`http://127.0.0.1:${port}/sluice-callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'Sluice-Signature': signatureHeader(body, [secret], Math.floor(Date.now() / 1000)), 'Sluice-Delivery': 'd-1', 'Sluice-Attempt': '2' },
      body,
    });
  assert.equal((await post('whsec_wrong')).status, 401);
  assert.equal(await receiver.waitFor(/^callback for comment c-9/), 'callback for comment c-9: ham (decided by ana) · signature INVALID · delivery d-1 try 2');
  assert.equal((await post('whsec_right')).status, 204);
  await receiver.waitFor(/signature verified/);
});
