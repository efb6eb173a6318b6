/**
 * What the global model learns from, pure. A site's key is a credential held by a CMS, not a vouching human: labels
 * made with it alone (Akismet submit-spam/ham) teach that site's own model, and reach the global model only when an
 * operator has marked the site `trusted`. The machine's own labels (auto-learned, published ham) never do: the
 * global model would learn its own verdicts back. Staff decisions and operator imports do.
 *
 * No single site may dominate: each site's examples are capped to `siteShare` of what no site wrote (the bundled
 * model's documents and the global imports), staff decisions kept first, then the newest. The held-out slice is drawn
 * per source group (site and source), the newest fraction of each, so one busy group cannot make up all of it.
 */
import type { CorpusExample, ExampleSource } from '../store/corpus.js';
import { GLOBAL_CORPUS_SITE } from './import-examples.js';

/** Sources whose label a human of the installation gave (a moderator's decision, an operator's import). */
const STAFF_SOURCES: ReadonlySet<ExampleSource> = new Set(['moderator', 'import']);
/** Sources a site's key gives alone (Akismet submit-*, CMS reports): they teach the global model from trusted sites only. */
const SITE_KEY_SOURCES: ReadonlySet<ExampleSource> = new Set(['akismet', 'report']);

export interface GlobalCorpusPolicy {
  /** Sites an operator marked trusted. */
  readonly trusted: ReadonlySet<string>;
  /** The most one site may contribute, as a share of `baseDocuments` plus the global imports. */
  readonly siteShare: number;
  /** Documents of the bundled model every candidate starts from. */
  readonly baseDocuments: number;
}

/** The global training set and what was left out of it, by why. */
export interface GlobalCorpus {
  readonly examples: CorpusExample[];
  readonly left: { readonly machine: number; readonly untrusted: number; readonly capped: number };
  /** The most examples one site could contribute. */
  readonly siteCap: number;
}

/** Whether an example may teach the global model at all (before the cap). */
export function admissible(e: Pick<CorpusExample, 'site' | 'source'>, trusted: ReadonlySet<string>): 'yes' | 'machine' | 'untrusted' {
  if (STAFF_SOURCES.has(e.source)) return 'yes';
  if (SITE_KEY_SOURCES.has(e.source)) return trusted.has(e.site) ? 'yes' : 'untrusted';
  return 'machine';
}

/** The global training set from the corpus in labelling order (oldest first); the result keeps that order. */
export function globalCorpus(corpus: readonly CorpusExample[], policy: GlobalCorpusPolicy): GlobalCorpus {
  let machine = 0;
  let untrusted = 0;
  const bySite = new Map<string, number[]>();
  const keep = new Set<number>();
  corpus.forEach((e, i) => {
    const verdict = admissible(e, policy.trusted);
    if (verdict === 'machine') machine++;
    else if (verdict === 'untrusted') untrusted++;
    else if (e.site === GLOBAL_CORPUS_SITE) keep.add(i);
    else pushTo(bySite, e.site, i);
  });
  const siteCap = Math.floor(policy.siteShare * (policy.baseDocuments + keep.size));
  let capped = 0;
  for (const indices of bySite.values()) {
    // Staff decisions first, then the newest: a flood of fresh site-key labels cannot push a moderator's out.
    const ranked = [...indices].sort((a, b) => Number(STAFF_SOURCES.has(corpus[b]!.source)) - Number(STAFF_SOURCES.has(corpus[a]!.source)) || b - a);
    for (const i of ranked.slice(0, siteCap)) keep.add(i);
    capped += Math.max(0, ranked.length - siteCap);
  }
  return { examples: corpus.filter((_, i) => keep.has(i)), left: { machine, untrusted, capped }, siteCap };
}

/** The source group of an example: its site and source. */
export const sourceGroup = (e: Pick<CorpusExample, 'site' | 'source'>): string => `${e.site}/${e.source}`;

/**
 * Splits time-ordered examples into training and held-out, holding out the newest `fraction` of each group: a sample
 * stratified by source, so the held-out slice is never one group's latest burst.
 */
export function splitBySource<T>(examples: readonly T[], groupOf: (e: T) => string, fraction: number): { train: T[]; heldOut: T[] } {
  const groups = new Map<string, number[]>();
  examples.forEach((e, i) => pushTo(groups, groupOf(e), i));
  const held = new Set<number>();
  for (const indices of groups.values()) for (const i of indices.slice(indices.length - Math.round(indices.length * fraction))) held.add(i);
  return { train: examples.filter((_, i) => !held.has(i)), heldOut: examples.filter((_, i) => held.has(i)) };
}

function pushTo(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}
