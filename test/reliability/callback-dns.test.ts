/**
 * Outbound callbacks and DNS: a callback host name passes the settings check (it is not an address), so its addresses
 * are checked when each callback is sent, and the connection goes to the address that was checked.
 */
import assert from 'node:assert/strict';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { test } from 'node:test';
import { postJson } from '../../src/delivery/post.js';
import { ForbiddenTargetError, isPrivateAddress, refuseCallbackUrl } from '../../src/delivery/ssrf.js';
import { startReceiver } from '../helpers/receiver.js';

test('When a callback host name resolves to a private address, then the callback is refused when it is sent, though the URL passed the settings check', async (t) => {
  const name = hostname();
  const addresses = await lookup(name, { all: true }).catch(() => []);
  if (!addresses.some((a) => isPrivateAddress(a.address))) return t.skip(`${name} does not resolve to a private address here`);
  const receiver = await startReceiver();
  try {
    const url = new URL(receiver.url.replace('127.0.0.1', name));
    assert.equal(refuseCallbackUrl(url.href, false), undefined, 'a host name cannot be judged without DNS');
    await assert.rejects(postJson(url, '{}', { headers: {}, timeoutMs: 2_000, allowPrivate: false }), ForbiddenTargetError);
    assert.equal(receiver.received.length, 0, 'nothing was sent');
    // Allowed (tests, private networks): the same name reaches the address it was checked at.
    const answer = await postJson(url, '{}', { headers: {}, timeoutMs: 2_000, allowPrivate: true });
    assert.equal(answer.status, 200);
  } finally {
    await receiver.close();
  }
});
