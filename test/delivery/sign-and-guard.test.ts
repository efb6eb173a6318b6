/** Callback signatures and the SSRF guard, as pure functions. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, test } from 'node:test';
import { signatureHeader, signingSecrets, verifySignature } from '../../src/delivery/sign.js';
import { ForbiddenTargetError, isPrivateAddress, refuseCallbackUrl, resolveTarget } from '../../src/delivery/ssrf.js';
import { deliveryBackoff } from '../../workers/deliver-callback.js';

describe('signatures', () => {
  const body = '{"id":"c-1","verdict":"spam"}';
  const now = new Date('2026-03-01T12:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  test('When a body is signed, then v1 is the hex HMAC-SHA256 of "t.body", as a CMS computes it', () => {
    const expected = createHmac('sha256', 'whsec_a').update(`${t}.${body}`).digest('hex');
    assert.equal(signatureHeader(body, ['whsec_a'], t), `t=${t},v1=${expected}`);
  });

  test('When a secret was rotated, then both signatures are sent and each verifies with its own secret', () => {
    const site = { webhookSecret: 'whsec_new', previousWebhookSecret: { secret: 'whsec_old', expiresAt: '2026-03-02T00:00:00Z' } };
    const header = signatureHeader(body, signingSecrets(site, now), t);
    assert.equal(header.split(',').filter((p) => p.startsWith('v1=')).length, 2);
    assert.ok(verifySignature(header, body, 'whsec_new', now));
    assert.ok(verifySignature(header, body, 'whsec_old', now));
    assert.deepEqual(signingSecrets(site, new Date('2026-03-03T00:00:00Z')), ['whsec_new']);
  });

  test('When the body, the secret or the time is off, then the signature does not verify', () => {
    const header = signatureHeader(body, ['whsec_a'], t);
    assert.ok(!verifySignature(header, `${body} `, 'whsec_a', now));
    assert.ok(!verifySignature(header, body, 'whsec_b', now));
    assert.ok(!verifySignature(header, body, 'whsec_a', new Date(now.getTime() + 10 * 60_000)));
    assert.ok(!verifySignature('t=abc,v1=zz', body, 'whsec_a', now));
  });
});

describe('the SSRF guard', () => {
  test('When addresses are loopback, private, link-local, unique-local or mapped, then they are refused', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      assert.ok(isPrivateAddress(a), a);
    }
    for (const a of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) assert.ok(!isPrivateAddress(a), a);
  });

  // Issue 14, finding 7: IPv6 forms that carry an IPv4 address reach that address (through the kernel, a NAT64
  // gateway, a 6to4 or Teredo relay): the embedded address is what is judged, whatever the spelling.
  const embeddedLoopback = [
    '::127.0.0.1',
    '::7f00:1',
    '::ffff:0:127.0.0.1',
    '0:0:0:0:0:ffff:7f00:1',
    '64:ff9b::127.0.0.1',
    '64:ff9b:1::7f00:1',
    '2002:7f00:1::',
    '2002:a00:1::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo: the client is 127.0.0.1 (bits inverted)
    '2001:0:7f00:1::1', // Teredo: the server is 127.0.0.1
    '::ffff:0:10.0.0.1',
  ];
  test('When an IPv6 address embeds a loopback or private IPv4 (compatible, mapped, SIIT, NAT64, 6to4, Teredo), then it is refused', () => {
    for (const a of embeddedLoopback) assert.ok(isPrivateAddress(a), a);
    for (const a of ['2002:5db8:d822::1', '::ffff:93.184.216.34', '2606:4700:4700::1111', '2001:4860:4860::8888']) assert.ok(!isPrivateAddress(a), a);
  });

  test('When a callback URL is an IPv6 literal embedding loopback, then it is refused when set and when it is sent', async () => {
    for (const host of ['[::127.0.0.1]', '[::ffff:0:127.0.0.1]', '[64:ff9b:1::7f00:1]', '[2002:7f00:1::]', '[0:0:0:0:0:ffff:127.0.0.1]']) {
      const url = `http://${host}:8080/hook`;
      assert.equal(refuseCallbackUrl(url, false), 'it points at a loopback, private or link-local address', url);
      await assert.rejects(resolveTarget(new URL(url), false), ForbiddenTargetError, url);
    }
  });

  test('When a callback URL is checked, then schemes, credentials, localhost and private literals are refused unless allowed', () => {
    assert.equal(refuseCallbackUrl('ftp://cms.example/x', false), 'only http and https are allowed');
    assert.equal(refuseCallbackUrl('https://u:p@cms.example/x', false), 'credentials in the URL are not allowed');
    assert.equal(refuseCallbackUrl('http://localhost:8080/x', false), 'it points at this machine');
    assert.ok(refuseCallbackUrl('http://[::1]/x', false));
    assert.ok(refuseCallbackUrl('http://169.254.169.254/latest/meta-data', false));
    assert.equal(refuseCallbackUrl('http://127.0.0.1:9/x', true), undefined);
    assert.equal(refuseCallbackUrl('https://cms.example.org/hook', false), undefined);
    assert.equal(refuseCallbackUrl('not a url', false), 'it is not a URL');
  });

  test('When a target is resolved, then a private literal is refused and a public one is returned as the address to connect to', async () => {
    await assert.rejects(resolveTarget(new URL('http://10.0.0.5/hook'), false), ForbiddenTargetError);
    await assert.rejects(resolveTarget(new URL('http://[::ffff:7f00:1]/hook'), false), ForbiddenTargetError);
    assert.deepEqual(await resolveTarget(new URL('https://93.184.216.34/hook'), false), { address: '93.184.216.34', family: 4 });
    assert.deepEqual(await resolveTarget(new URL('http://localhost:9/hook'), true).then((t) => t.address.startsWith('127.') || t.address === '::1'), true);
  });
});

test('When a delivery keeps failing, then the backoff doubles from the base and stops growing at the cap', () => {
  const delivery = { attempts: 15, backoffMs: 10_000, backoffMaxMs: 3_600_000, timeoutMs: 1000 };
  const delays = Array.from({ length: 15 }, (_, i) => deliveryBackoff(i + 1, delivery));
  assert.ok(delays[0]! >= 8_000 && delays[0]! <= 12_000, String(delays[0]));
  assert.ok(delays[3]! >= 64_000 && delays[3]! <= 96_000, String(delays[3]));
  assert.ok(delays.every((d) => d <= 3_600_000 * 1.2));
  const total = delays.slice(0, 14).reduce((a, b) => a + b, 0);
  assert.ok(total > 4 * 3_600_000, `retries span ${total / 3_600_000} hours`);
});
