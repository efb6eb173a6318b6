/**
 * Optional signing of inbound webhooks, per site: `Sluice-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "t.body">` with the site's webhook secret — the scheme of Sluice's own callbacks (src/delivery/sign.ts), so a CMS
 * uses one secret and one function both ways. A site with `requireSignedWebhooks` refuses unsigned comments; any site
 * refuses a signature that is wrong or more than five minutes off. A replay within the window re-posts the same
 * comment, which changes nothing (ingest is idempotent per id and content); a replay of an older version after an edit
 * is refused (409 `stale_revision`), as each comment keeps the time its stored version was signed.
 */
import type { Request } from 'express';
import { SIGNATURE_HEADER, signingSecrets, verifySignature } from '../delivery/sign.js';
import { errors } from '../platform/errors.js';
import type { Site } from '../store/sites.js';
import { rawBodyOf } from './body-guard.js';

/** How far a signature's timestamp may be from now. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Throws 401 `bad_signature` unless the request is signed as its site requires (or, when signed, signed right).
 * Returns the signature's time (ms) when there is one: an edit signed earlier than the stored one is stale.
 */
export function checkWebhookSignature(req: Request, site: Site | undefined, now: Date): number | undefined {
  const header = req.get(SIGNATURE_HEADER);
  if (!header) {
    if (site?.requireSignedWebhooks) throw errors.badSignature('missing: this site accepts signed comments only');
    return undefined;
  }
  const body = rawBodyOf(req)?.toString('utf8') ?? '';
  // The previous secret stays valid during a rotation's grace period, as for callbacks.
  const secrets = site ? signingSecrets(site, now) : [];
  if (!secrets.some((secret) => verifySignature(header, body, secret, now, SIGNATURE_TOLERANCE_SECONDS))) {
    throw errors.badSignature('invalid, or its timestamp is more than five minutes off');
  }
  return signatureTime(header);
}

/** The `t=` of a signature header, in ms. */
function signatureTime(header: string): number | undefined {
  const t = /(?:^|,)\s*t=(\d{1,12})\s*(?:,|$)/.exec(header)?.[1];
  return t === undefined ? undefined : Number(t) * 1000;
}
