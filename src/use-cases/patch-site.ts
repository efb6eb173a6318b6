/**
 * Changing a site's settings (operator role): the pure part — validate the change against the current record, apply
 * it, and describe it for the site's audit log. Secrets are never part of a patch (see rotate-secret).
 */
import { errors } from '../platform/errors.js';
import { parseLinkTarget } from '../scoring/links.js';
import { siteMode, type Site, type SiteAuditEntry, type SiteMode } from '../store/sites.js';
import type { Thresholds } from '../domain/verdict.js';

/** A change of settings; `null` clears a setting (back to the global default). */
export interface SitePatch {
  readonly name?: string | undefined;
  readonly mode?: SiteMode | undefined;
  readonly thresholds?: { readonly review?: number | undefined; readonly spam?: number | undefined } | null | undefined;
  readonly languages?: readonly string[] | null | undefined;
  readonly domains?: readonly string[] | null | undefined;
  readonly callbackUrl?: string | null | undefined;
  readonly requireSignedWebhooks?: boolean | undefined;
  readonly shareMemory?: boolean | undefined;
  readonly trusted?: boolean | undefined;
}

const SETTINGS = ['name', 'mode', 'thresholds', 'languages', 'domains', 'callbackUrl', 'requireSignedWebhooks', 'shareMemory', 'trusted'] as const;

/** BCP 47 tags in canonical form (`EN-gb` → `en-GB`); 400 naming only the malformed tags. */
export function canonicalLanguages(tags: readonly string[]): string[] {
  const bad = tags.filter((tag) => canonicalTag(tag) === undefined);
  if (bad.length) throw errors.validation(`Invalid body: languages: not BCP 47 language tags: ${bad.join(', ')}`);
  return Intl.getCanonicalLocales([...tags]);
}

/** One tag in canonical form, or undefined when it is not a BCP 47 language tag. */
function canonicalTag(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

/** Domain names as registrable domains, lowercased, deduplicated (`www.Harbour-News.net` → `harbour-news.net`); 400 naming the bad ones. */
export function canonicalDomains(names: readonly string[]): string[] {
  const bad: string[] = [];
  const out = new Set<string>();
  for (const name of names) {
    // No scheme, path or port: a bare name must then end in a public suffix (parseLinkTarget checks).
    const link = /^[^/:@\s]+$/.test(name.trim()) ? parseLinkTarget(name.trim()) : undefined;
    if (link === undefined || link.isIp) bad.push(name);
    else out.add(link.domain.toLowerCase());
  }
  if (bad.length) throw errors.validation(`Invalid body: domains: not domain names: ${bad.join(', ')}`);
  return [...out];
}

/**
 * Applies `patch` to `site`: returns the new record and its audit entry, or undefined when nothing changes.
 * `defaults` are the global thresholds, to check that the effective review threshold stays at or below spam.
 */
export function applySitePatch(
  site: Site,
  patch: SitePatch,
  defaults: Thresholds,
  by: string,
  now: Date,
): { site: Site; audit: SiteAuditEntry } | undefined {
  const next: Record<string, unknown> = { ...site };
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of SETTINGS) {
    if (patch[key] === undefined) continue;
    let value: unknown = patch[key];
    if (key === 'languages' && value) value = canonicalLanguages(value as string[]);
    if (key === 'domains' && value) value = canonicalDomains(value as string[]);
    if (key === 'thresholds' && value) value = { ...site.thresholds, ...(value as object) };
    const current = key === 'mode' ? siteMode(site) : (site[key] ?? null);
    if (JSON.stringify(value) === JSON.stringify(current)) continue;
    changes[key] = { from: current, to: value };
    if (value === null) delete next[key];
    else next[key] = value;
  }
  if (Object.keys(changes).length === 0) return undefined;
  const t = (next['thresholds'] ?? {}) as Partial<Thresholds>;
  if ((t.review ?? defaults.review) > (t.spam ?? defaults.spam)) {
    throw errors.validation('Invalid body: thresholds: review must not exceed spam');
  }
  const at = now.toISOString();
  return { site: { ...(next as unknown as Site), updatedAt: at }, audit: { at, by, changes } };
}
