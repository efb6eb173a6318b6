import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from '../src/platform/logger.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, stream };
}

test('When a comment, its author and request headers are logged, then emails, IPs and secrets are redacted', () => {
  const { lines, stream } = capture();
  const log = createLogger({ level: 'info', destination: stream });
  log.info({
    comment: { author: { email: 'reader@example.org', ip: '198.51.100.7', name: 'Reader' } },
    author: { email: 'a@b.example', ip: '203.0.113.1' },
    req: { headers: { authorization: 'Bearer sk0123456789abcdef' } },
    site: { webhookSecret: 'whsec_topsecret' },
  }, 'hello');
  const out = lines.join('');
  for (const secret of ['reader@example.org', '198.51.100.7', 'a@b.example', '203.0.113.1', 'sk0123456789abcdef', 'whsec_topsecret']) {
    assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  }
  assert.ok(out.includes('Reader'), 'non-sensitive fields are kept');
  assert.ok(out.includes('[redacted]'));
});
