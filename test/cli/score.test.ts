/** `sluice score`: JSON lines in, verdict lines out, offline (no Redis: REDIS_URL points nowhere). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../helpers/cli.js';

/** No Redis answers there: `score` must not need one. */
const NO_REDIS = { REDIS_URL: 'redis://127.0.0.1:1' };

test('When comments are piped to `sluice score`, then one verdict line per comment comes back in order, without Redis', async () => {
  const input = [
    { id: 'a', postId: 'p', content: 'Thanks, this explained the budget vote clearly.', author: { name: 'Ana' } },
    { id: 'b', postId: 'p', content: '최고의 바카라 사이트 https://best-baccarat.xyz', author: { name: '바카라 사이트', url: 'https://best-baccarat.xyz' } },
  ];
  const { code, stdout, stderr } = await runCli(['score', '--site', 'demo'], NO_REDIS, input.map((c) => JSON.stringify(c)).join('\n'));
  assert.equal(code, 0, stderr);
  const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; site: string; verdict: string; reasons: { code: string }[] });
  assert.deepEqual(out.map((v) => v.id), ['a', 'b']);
  assert.equal(out[0]!.verdict, 'ham');
  assert.equal(out[1]!.verdict, 'spam');
  assert.equal(out[1]!.site, 'demo');
  assert.ok(out[1]!.reasons.some((r) => r.code === 'lexicon.author'));
});

test('When a line is not a valid comment, then its place holds an error and the other lines are still scored', async () => {
  const { code, stdout } = await runCli(['score'], NO_REDIS, '{"id":"x"\n{"id":"ok","postId":"p","content":"hello there"}\n{"id":1}\n');
  assert.equal(code, 0);
  const out = stdout.trim().split('\n').map((l) => JSON.parse(l) as { line?: number; error?: { code: string }; id?: string });
  assert.equal(out.length, 3);
  assert.equal(out[0]!.error?.code, 'bad_json');
  assert.equal(out[1]!.id, 'ok');
  assert.equal(out[2]!.error?.code, 'validation_failed');
  assert.equal(out[2]!.line, 3);
});

test('When the CLI gets an unknown command, then it exits 2 with the usage', async () => {
  const { code, stderr } = await runCli(['frobnicate'], NO_REDIS);
  assert.equal(code, 2);
  assert.match(stderr, /Usage: sluice/);
});
