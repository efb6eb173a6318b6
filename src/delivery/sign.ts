/**
 * Callback signatures: `Sluice-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, with one `v1` per
 * secret in use (two while a rotated secret is still honoured), as Stripe does, so a CMS can roll secrets without
 * dropping a callback. The timestamp lets the CMS refuse replays of old callbacks.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Site } from '../store/sites.js';

/** The name of the header. */
export const SIGNATURE_HEADER = 'Sluice-Signature';

/** Hex HMAC-SHA256 of `t.body`. */
export function hmacHex(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
}

/** The header value for `body` signed at `t` (unix seconds) with each of `secrets`. */
export function signatureHeader(body: string, secrets: readonly string[], t: number): string {
  return [`t=${t}`, ...secrets.map((s) => `v1=${hmacHex(s, t, body)}`)].join(',');
}

/** The secrets a site signs with at `now`: its own, and the previous one until it expires. */
export function signingSecrets(site: Pick<Site, 'webhookSecret' | 'previousWebhookSecret'>, now: Date): string[] {
  const previous = site.previousWebhookSecret;
  const honoured = previous && Date.parse(previous.expiresAt) > now.getTime();
  return honoured ? [site.webhookSecret, previous.secret] : [site.webhookSecret];
}

/**
 * What a CMS does on receipt (and what the tests use): true when one `v1` matches `secret` and `t` is within
 * `toleranceSeconds` of `now`.
 */
export function verifySignature(header: string, body: string, secret: string, now: Date, toleranceSeconds = 300): boolean {
  const parts = header.split(',').map((p) => p.trim().split('=', 2) as [string, string?]);
  const t = Number(parts.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return parts.some(([k, v]) => {
    if (k !== 'v1' || !v || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}
