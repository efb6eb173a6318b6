/**
 * The data the heuristic rules read: weights and parameters (data/weights.json), risky TLDs (data/risky-tlds.json),
 * the words campaigns write in leetspeak (data/leet-words.json) and the disposable-email domains of the `disposable-email-domains` package. Read once per process at the edge and
 * passed to the phases; a missing weight fails at load, not in the middle of a job.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fromRoot } from '../platform/paths.js';

/** The shape of data/weights.json. */
export interface WeightsFile {
  readonly description?: string;
  /** How `fitted` was made (null before any fit). */
  readonly fit: unknown;
  /** Written by `sluice fit-weights` only. */
  readonly fitted: Record<string, number>;
  /** What people set: the expert weight of every reason and sub-weight. */
  readonly handSet: Record<string, number>;
  /** Upper bounds the fit respects, for reasons that describe what readers do too (see the file's description). */
  readonly ceilings?: Record<string, number | string>;
  readonly params: Record<string, number>;
}

/** Everything the rules are tuned by. */
export interface RuleData {
  /**
   * Per reason code (and the few sub-weights of hand-set rules, e.g. `flood.domain.max`): a reason's weight is its
   * code's weight times the strength its rule computes, 1 for a rule that simply fires.
   */
  readonly weights: Readonly<Record<string, number>>;
  /** The hand-set weights alone (the fit pulls each weight towards its hand-set value). */
  readonly handSet: Readonly<Record<string, number>>;
  /** Upper bounds of fitted weights (reasons readers also show). */
  readonly ceilings: Readonly<Record<string, number>>;
  readonly params: Readonly<Record<string, number>>;
  /** How the weights were fitted (null while hand-set); written by `sluice fit-weights`. */
  readonly fit: unknown;
  /** Last label of a public suffix → weight. */
  readonly riskyTlds: ReadonlyMap<string, number>;
  readonly disposableEmailDomains: ReadonlySet<string>;
  /** Words campaigns write in leetspeak, as they read de-leeted (data/leet-words.json, every language together). */
  readonly leetWords: ReadonlySet<string>;
}

/** Folder of the rule data files. */
export const RULE_DATA_DIR = fromRoot('src', 'scoring', 'data');

const cache = new Map<string, RuleData>();

/** Loads (once per folder) the rule data files. */
export function loadRuleData(dir = RULE_DATA_DIR): RuleData {
  const cached = cache.get(dir);
  if (cached) return cached;
  const weightsFile = readJson(`${dir}/weights.json`) as WeightsFile;
  const tlds = readJson(`${dir}/risky-tlds.json`) as { tlds: Record<string, number> };
  const leet = readJson(`${dir}/leet-words.json`) as { words: Record<string, string[]> };
  const require = createRequire(import.meta.url);
  const disposable = require('disposable-email-domains') as string[];
  const data: RuleData = {
    // A fitted weight replaces the hand-set one of its code; codes the fit never saw keep theirs.
    weights: { ...weightsFile.handSet, ...weightsFile.fitted },
    handSet: weightsFile.handSet,
    ceilings: Object.fromEntries(Object.entries(weightsFile.ceilings ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number')),
    params: weightsFile.params,
    fit: weightsFile.fit ?? null,
    riskyTlds: new Map(Object.entries(tlds.tlds)),
    disposableEmailDomains: new Set(disposable),
    leetWords: new Set(Object.values(leet.words).flat().map((w) => w.toLowerCase())),
  };
  cache.set(dir, data);
  return data;
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A lookup of weights or parameters that throws on an unknown name: call it when building a phase. */
export type Lookup = (name: string) => number;

/** Weight lookups over `data` (optionally overridden, e.g. by an evaluation that tunes them). */
export function weightsOf(data: RuleData): Lookup {
  return lookup(data.weights, 'weight');
}

/** Parameter lookups over `data`. */
export function paramsOf(data: RuleData): Lookup {
  return lookup(data.params, 'parameter');
}

function lookup(table: Readonly<Record<string, number>>, what: string): Lookup {
  return (name) => {
    const v = table[name];
    if (typeof v !== 'number') throw new Error(`rule data: no ${what} "${name}" in weights.json`);
    return v;
  };
}

/**
 * A copy of `data` whose weights of `codes` are all 1, so that each of those reasons' weight is its strength: what the
 * weight fit reads (see src/evaluation/fit-weights.ts).
 */
export function withUnitWeights(data: RuleData, codes: Iterable<string>): RuleData {
  const weights: Record<string, number> = { ...data.weights };
  for (const code of codes) weights[code] = 1;
  return { ...data, weights };
}

/** A copy of `data` with some weights or parameters replaced (evaluation sweeps). */
export function withOverrides(
  data: RuleData,
  overrides: { weights?: Record<string, number>; params?: Record<string, number> },
): RuleData {
  return {
    ...data,
    weights: { ...data.weights, ...overrides.weights },
    params: { ...data.params, ...overrides.params },
  };
}
