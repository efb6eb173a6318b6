/**
 * Regular expressions meet spammers' text, so each must run in linear time. Every regex literal in src/ and workers/
 * (found with the TypeScript parser, so a new one is covered the day it is written) is run over long runs of each of
 * its own characters and of common separators, ending in a character that makes it fail, in a worker thread with a
 * hang guard. The largest comments the API accepts then go through the whole service: HTTP, queue, worker, verdict.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import request from 'supertest';
import ts from 'typescript';
import { fromRoot } from '../../src/platform/paths.js';
import { startTestService, type TestService } from '../helpers/service.js';

/** A regex literal of the source tree. */
interface Found {
  readonly where: string;
  readonly source: string;
  readonly flags: string;
}

/**
 * Patterns that are super-linear in general but only ever see short, already-validated strings, with the reason.
 * Keep this list short: a pattern that reads user text must be fixed instead.
 */
const BOUNDED: ReadonlyArray<{ readonly file: string; readonly source: string; readonly why: string }> = [
  { file: 'src/scoring/ip.ts', source: '%.*$', why: 'parseIp input: an author IP (≤ 64 characters by the schema) or a list entry' },
  { file: 'src/scoring/ip.ts', source: '(\\d+\\.\\d+\\.\\d+\\.\\d+)$', why: 'only after net.isIPv6 accepted the string (≤ 45 characters)' },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function regexLiterals(): Found[] {
  const found: Found[] = [];
  for (const file of [...sourceFiles(fromRoot('src')), ...sourceFiles(fromRoot('workers'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const end = text.lastIndexOf('/');
        const where = `${relative(fromRoot(), file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
        found.push({ where, source: text.slice(1, end), flags: text.slice(end + 1) });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

// Runs in the worker thread: for each pattern, search (the sticky flag dropped, so every start position is tried, as
// code that applies a sticky pattern at each position does) and replace over each hostile input.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
const N = workerData.n;
const common = [' ', 'a', 'Z', '1', '.', '-', '_', '@', '/', ':', '<', '>', '"', "'", '=', '%', '&', '#', '+', '*', '(', ')', '[', ']', '{', '}', '\\t', 'é', '가', '😀'];
const pairs = ['a ', '1.', '* ', 'a.', '-a', 'a@', '=a', '%a', ': ', '[(', '<a '];
parentPort.on('message', ({ i, source, flags }) => {
  const re = new RegExp(source, flags.replace('y', ''));
  const units = new Set([...source.replace(/\\\\[pPu]\\{[^}]*\\}/g, '')].concat(common));
  const inputs = [...[...units].map((c) => c.repeat(N)), ...pairs.map((p) => p.repeat(Math.ceil(N / p.length))), '[('.repeat(N / 4) + ')]'.repeat(N / 4)];
  for (const body of inputs) for (const end of ['\\n!', '\\u0001']) {
    const s = body + end;
    re.lastIndex = 0;
    re.test(s);
    s.replace(re, '');
  }
  parentPort.postMessage(i);
});
`;

test('When every regular expression of the code meets 100,000-character runs of its own characters, then each finishes well within the hang guard', async () => {
  const all = regexLiterals();
  assert.ok(all.length > 50, `found ${all.length} patterns`);
  const checked = all.filter((f) => !BOUNDED.some((b) => f.where.startsWith(`${b.file}:`) && b.source === f.source));
  assert.equal(all.length - checked.length, BOUNDED.length, 'every bounded exception still exists');
  const worker = new Worker(PROBE, { eval: true, workerData: { n: 100_000 } });
  try {
    for (const [i, f] of checked.entries()) {
      // A linear pattern takes milliseconds here; a quadratic one takes minutes. 5 s only guards against a hang.
      const done = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      const guard = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not linear: /${f.source}/${f.flags} at ${f.where}`)), 5_000).unref());
      worker.postMessage({ i, source: f.source, flags: f.flags });
      await Promise.race([done, guard]);
    }
  } finally {
    await worker.terminate();
  }
});

let t: TestService;
before(async () => {
  t = await startTestService('regex', { worker: true });
});
after(() => t.stop());

test('When the largest comments the API accepts go through HTTP, the queue and the worker, then each ends with a verdict', async () => {
  const max = 100_000;
  const bodies = ['a'.repeat(max), `${'*'.repeat(max - 2)}\n!`, `${'['.repeat(max / 2)}${']'.repeat(max / 2)}`, `${'<a href="'.repeat(max / 10)}`, `${'_'.repeat(max - 2)}\n!`];
  let n = 0;
  for (const content of bodies) {
    for (const contentType of ['text', 'html', 'markdown']) {
      const comment = { id: `big-${n++}`, postId: 'p', content, contentType, author: { name: content.slice(0, 512), url: content.slice(0, 2048), userAgent: content.slice(0, 512) } };
      const res = await request(t.url).post('/v1/comments?wait=10000').set('Authorization', `Bearer ${t.apiKey}`).send(comment);
      assert.equal(res.status, 200, `${comment.id} (${contentType}, ${JSON.stringify(content.slice(0, 12))}…): ${res.status}`);
      assert.ok(['ham', 'review', 'spam'].includes(res.body.verdict));
    }
  }
});
