/** A decision is logged (pino, info) with who made it, the site, the comment and the verdict, on the service's real log stream. */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { createLogger } from '../../src/platform/logger.js';
import { as, storeVerdict } from '../helpers/moderation.js';
import { startTestService, type TestService } from '../helpers/service.js';

const lines: Array<Record<string, unknown>> = [];
let t: TestService;

before(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  t = await startTestService('decision-log', { worker: false, logger: createLogger({ level: 'info', destination }) });
});
after(() => t.stop());

test('When a moderator decides a held comment, then one info line names the site, comment, verdict and who decided', async () => {
  await storeVerdict(t, 'held-1', { content: 'Cheap pills at pills.example', author: { name: 'Pat' } }, { score: 0.7, reasons: [] });
  await as(t, t.moderatorToken).post('/v1/comments/held-1/decision', { site: t.site, verdict: 'spam' }).expect(200);
  const tokens = await t.store.credentials.listTokens();
  const mod = tokens.find((x) => x.name === 'mod')!;
  const decided = lines.filter((l) => l['msg'] === 'comment decided');
  assert.equal(decided.length, 1, JSON.stringify(lines.map((l) => l['msg'])));
  const [line] = decided;
  assert.equal(line!['level'], 30);
  assert.equal(line!['site'], t.site);
  assert.equal(line!['commentId'], 'held-1');
  assert.equal(line!['verdict'], 'spam');
  assert.equal(line!['before'], 'review');
  assert.deepEqual(line!['by'], { id: mod.id, name: 'mod', role: 'moderator' });
  // The secret never reaches the log.
  assert.ok(!JSON.stringify(lines).includes(t.moderatorToken));
});
