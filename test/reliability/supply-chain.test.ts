/**
 * What ships: production dependencies without a high or critical advisory (`npm audit --omit=dev`, when the registry
 * serves the audit endpoint), and a Docker image whose runtime stage runs as an unprivileged user.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { fromRoot } from '../../src/platform/paths.js';

/** One instruction of a Dockerfile (continuation lines joined, comments dropped). */
interface Instruction {
  readonly op: string;
  readonly args: string;
}

function dockerInstructions(text: string): Instruction[] {
  return text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op = '', ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

test('When the Dockerfile is read, then its runtime stage switches to a non-root user before it starts the service', () => {
  const all = dockerInstructions(readFileSync(fromRoot('Dockerfile'), 'utf8'));
  const lastFrom = all.map((i) => i.op).lastIndexOf('FROM');
  assert.ok(lastFrom >= 0, 'a FROM');
  const runtime = all.slice(lastFrom);
  const users = runtime.filter((i) => i.op === 'USER').map((i) => i.args.split(':')[0]);
  assert.ok(users.length > 0, 'the runtime stage sets USER');
  assert.ok(!['root', '0'].includes(users.at(-1)!), `runs as ${users.at(-1)}`);
  const user = runtime.findIndex((i) => i.op === 'USER');
  const cmd = runtime.findIndex((i) => i.op === 'CMD' || i.op === 'ENTRYPOINT');
  assert.ok(cmd > user, 'the service starts after USER');
  assert.ok(!runtime.slice(user).some((i) => i.op === 'RUN' && /\b(sudo|su|chmod\s+[0-7]*7[0-7]*\s)/.test(i.args)), 'no privilege regained');
});

test('When npm audit checks the production dependencies, then none has a high or critical advisory', async (t) => {
  let out: string;
  try {
    ({ stdout: out } = await promisify(execFile)('npm', ['audit', '--omit=dev', '--json'], { cwd: fromRoot(), timeout: 60_000 }));
  } catch (err) {
    // npm audit exits non-zero when it finds advisories (the JSON is still on stdout) and when it cannot ask.
    out = (err as { stdout?: string }).stdout ?? '';
  }
  const report = JSON.parse(out || '{}') as { message?: string; error?: { summary?: string }; metadata?: { vulnerabilities?: Record<string, number> } };
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const reason = report.message ?? report.error?.summary ?? 'no answer';
    t.diagnostic(`npm audit skipped: the registry does not serve the audit endpoint (${reason})`);
    t.skip(`the registry does not serve the audit endpoint (${reason})`);
    return;
  }
  assert.equal((counts['high'] ?? 0) + (counts['critical'] ?? 0), 0, JSON.stringify(counts));
});
