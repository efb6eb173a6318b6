/**
 * A site's Coral signing secrets (operator role): list them without showing them, issue one, revoke an old one.
 * Coral verifies nothing of ours: it signs with the secret we gave it, and Sluice must compute the same HMAC, so the
 * secret itself is kept (not a hash, as API keys are); what leaves Sluice after issuing is only an id and a prefix.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../store/index.js';

/** A secret as operators see it: a stable id to revoke it by, and its first characters to recognise it in Coral. */
export interface CoralSecretView {
  readonly id: string;
  readonly prefix: string;
}

/** The id of a secret: the start of its SHA-256, so it names the secret without revealing it. */
export function coralSecretId(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}

const view = (secret: string): CoralSecretView => ({ id: coralSecretId(secret), prefix: secret.slice(0, 10) });

/** The site's Coral secrets (two or more during a rotation). */
export async function listCoralSecrets(store: Pick<Store, 'integrations'>, site: string): Promise<CoralSecretView[]> {
  return (await store.integrations.coralSecrets()).filter((s) => s.site === site).map((s) => view(s.secret));
}

/**
 * Issues a Coral secret for the site, shown this once; with `keepPrevious` the older ones stay valid until revoked
 * (a rotation), otherwise they stop at once. Audited. Undefined when the site does not exist.
 */
export async function issueCoralSecret(
  store: Pick<Store, 'integrations' | 'sites'>,
  site: string,
  keepPrevious: boolean,
  by: string,
  now: Date,
): Promise<(CoralSecretView & { secret: string }) | undefined> {
  if (!(await store.sites.get(site))) return undefined;
  const secret = await store.integrations.issueCoralSecret(site, keepPrevious);
  const issued = view(secret);
  await audit(store, site, by, now, { from: keepPrevious ? 'kept' : 'revoked', to: issued.id });
  return { ...issued, secret };
}

/**
 * Revokes the site's Coral secret with this id (the end of a rotation, or a leak): requests it signs are refused
 * from now on. Audited. False when the site has no such secret (another site's id included).
 */
export async function revokeCoralSecret(store: Pick<Store, 'integrations' | 'sites'>, site: string, id: string, by: string, now: Date): Promise<boolean> {
  const found = (await store.integrations.coralSecrets()).find((s) => s.site === site && coralSecretId(s.secret) === id);
  if (!found || !(await store.integrations.revokeCoralSecret(found.secret))) return false;
  await audit(store, site, by, now, { from: id, to: 'revoked' });
  return true;
}

/** One entry in the site's audit, `coralSecret` naming secrets by id only. */
async function audit(store: Pick<Store, 'sites'>, site: string, by: string, now: Date, change: { from: string; to: string }): Promise<void> {
  const at = now.toISOString();
  await store.sites.update(site, (s) => ({ site: { ...s, updatedAt: at }, audit: { at, by, changes: { coralSecret: change } } }));
}
