/**
 * The pipeline: phases run in order over one context; their reasons add up, in log-odds, to the score.
 * A phase may end the pipeline with a final class (first final wins), as in Coral Talk's `compose`, or set the least
 * class the verdict may have (`atLeast`).
 */
import { classify, logit, sigmoid, VERDICT_CLASSES, type Reason, type VerdictClass } from '../domain/verdict.js';
import type { ScoringContext } from './context.js';
import type { CountModel } from '../classifier/model.js';
import { counterfactual, type CounterfactualItem } from './counterfactual.js';
import { rememberingLastSearches, type Lexicon } from './lexicon.js';
import { loadLexicon, NAME_LEXICON_DIR } from './lexicon-files.js';
import type { Phase } from './phase.js';
import { loadRuleData, paramsOf, weightsOf, type RuleData } from './rule-data.js';
import { authorPhase } from './rules/author.js';
import { bayesPhase } from './rules/bayes.js';
import { trustPhase } from './rules/trust.js';
import { contentPhase } from './rules/content.js';
import { evasionPhase } from './rules/evasion.js';
import { contactPhase, handlePhase } from './rules/contact.js';
import { moneyPhase } from './rules/money.js';
import { loadHandOffData, type HandOffData } from './hand-off-data.js';
import { loadStopWords } from './stop-words.js';
import { floodPhase } from './rules/flood.js';
import { memoryPhase } from './rules/memory.js';
import { formPhase } from './rules/form.js';
import { languagePhase } from './rules/language.js';
import { lexiconPhase } from './rules/lexicon.js';
import { linkPhase } from './rules/links.js';
import { listsPhase } from './rules/lists.js';

export type { CounterfactualItem } from './counterfactual.js';


/** The pure outcome of scoring. */
export interface ScoreResult {
  readonly score: number;
  readonly verdict: VerdictClass;
  readonly discard: boolean;
  readonly reasons: readonly Reason[];
  readonly counterfactual?: readonly CounterfactualItem[];
}

/**
 * The first phase: the log-odds of spam before any evidence (weight `prior`), reported as a reason so that the reasons
 * always sum to the score's log-odds.
 */
export function priorPhase(data: RuleData): Phase {
  const reason: Reason = { code: 'prior', weight: weightsOf(data)('prior'), message: 'Base rate before any evidence.' };
  const result = { reasons: [reason] };
  return { name: 'prior', run: () => result };
}

const severity = (v: VerdictClass): number => (v === 'ham' ? 0 : v === 'review' ? 1 : 2);
if (VERDICT_CLASSES.join() !== 'ham,review,spam') throw new Error('severity() must follow VERDICT_CLASSES');

/** Runs the phases and combines their reasons into a score and a verdict. */
export function runPipeline(phases: readonly Phase[], ctx: ScoringContext): ScoreResult {
  const reasons: Reason[] = [];
  let final: VerdictClass | undefined;
  let atLeast: VerdictClass = 'ham';
  // Reasons that set a final or minimum class: a counterfactual must remove them, whatever their weight.
  let required: Set<Reason> | undefined;
  for (let p = 0; p < phases.length; p++) {
    const result = phases[p]!.run(ctx, reasons);
    if (!result) continue;
    const found = result.reasons;
    if (found) for (let k = 0; k < found.length; k++) reasons.push(found[k]!);
    if (result.atLeast && severity(result.atLeast) > severity(atLeast)) atLeast = result.atLeast;
    if (found && ((result.final && result.final !== 'ham') || result.atLeast)) {
      required ??= new Set<Reason>();
      for (let k = 0; k < found.length; k++) required.add(found[k]!);
    }
    if (result.final) {
      final = result.final;
      break;
    }
  }
  // Summed in order from 0, exactly as before (the score is rounded from this sum, for display only).
  let logOdds = 0;
  for (let k = 0; k < reasons.length; k++) logOdds += reasons[k]!.weight;
  const exact = sigmoid(logOdds);
  const score = round(exact);
  const { thresholds } = ctx.settings;
  // The exact score meets the thresholds, never the rounded one (a spam threshold of 1 is never reached: classify).
  const byScore = corroborated(classify(exact, thresholds), reasons, logit(thresholds.spam));
  const verdict = final ?? (severity(atLeast) > severity(byScore) ? atLeast : byScore);
  const discard = isBlatant(verdict, score, reasons);
  if (verdict === 'ham') return { score, verdict, discard, reasons };
  return { score, verdict, discard, reasons, counterfactual: counterfactual(reasons, logOdds, thresholds, required ?? NONE_REQUIRED) };
}

const NONE_REQUIRED: ReadonlySet<Reason> = new Set();

/**
 * Network evidence: what other comments did from the same address, subnet or link domain (flood windows, the
 * reputation memory, the campaign memory's domains). Readers share all three (carrier NAT, an office, a news article),
 * so it may hold a comment, never corroborate its rejection.
 */
const NETWORK: ReadonlySet<string> = new Set(['flood.ip', 'flood.subnet', 'flood.domain', 'reputation.ip', 'reputation.domain', 'memory.domain']);

/**
 * The family of a reason: its code's first part, except campaign vocabulary in the author name or a linked domain,
 * which is evidence about the author or the link, independent of the vocabulary of the text; and network evidence
 * ({@link NETWORK}), one family whatever rule found it.
 */
export function familyOf(code: string): string {
  if (code === 'lexicon.author' || code === 'evasion.author') return 'author';
  if (code === 'lexicon.domain') return 'link';
  if (NETWORK.has(code)) return 'network';
  const dot = code.indexOf('.');
  return dot < 0 ? code : code.slice(0, dot);
}

/** A reason must weigh this much to corroborate a rejection. */
const CORROBORATES = 0.5;

/**
 * Readers first: a rejection by score needs evidence from at least two rule families (the classifier is one; the
 * prior, the language rule, which only counts next to other evidence, and network evidence, which readers share, are
 * none). One family alone, however strong its weight — a phone number, a link to a .xyz site, a lexicon hit — holds
 * the comment for review instead, where a moderator sees it. And network evidence may hold, never reject: the other
 * reasons alone (`spamLogOdds`, the spam threshold's log-odds) must reach the spam threshold, so readers who share an
 * address, a subnet or a link with a campaign are held at worst. Final verdicts (the operator's lists, the Akismet
 * test identities) are not scores and pass.
 */
function corroborated(verdict: VerdictClass, reasons: readonly Reason[], spamLogOdds: number): VerdictClass {
  if (verdict !== 'spam') return verdict;
  let first: string | undefined;
  let corroborating = false;
  let own = 0;
  for (let k = 0; k < reasons.length; k++) {
    const r = reasons[k]!;
    const family = familyOf(r.code);
    if (family !== 'network') own += r.weight;
    if (r.weight < CORROBORATES || r.code === 'prior' || family === 'language' || family === 'network') continue;
    if (first === undefined) first = family;
    else if (family !== first) corroborating = true;
  }
  return corroborating && own >= spamLogOdds ? verdict : 'review';
}

/** Blatant: rejected with near certainty by at least three strong signals from different rule families. */
function isBlatant(verdict: VerdictClass, score: number, reasons: readonly Reason[]): boolean {
  if (verdict !== 'spam' || score < 0.99) return false;
  const families = new Set(reasons.filter((r) => r.weight >= 1.5).map((r) => familyOf(r.code)));
  return families.size >= 3;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;

/** The inputs the default phases need, loaded at the edge and passed in. */
export interface PhaseDeps {
  readonly lexicon: Lexicon;
  /** The author-name vocabulary (lexicons/names/); default: the shipped files, read at each call. */
  readonly names?: Lexicon;
  /** Weights, parameters, TLDs and disposable domains; default: the shipped data files (read once). */
  readonly rules?: RuleData;
  /** The classifier; without one the `bayes` phase is left out. */
  readonly model?: CountModel;
  /** A global model smoothing `model` (when `model` is a site's own). */
  readonly priorModel?: CountModel;
  /** Messenger hosts, phone numbering plans and money words; default: the shipped data files. */
  readonly handOff?: HandOffData;
  /** Words the `bayes` reason never names as evidence; default: the `stopwords-iso` lists (read once). */
  readonly stopWords?: ReadonlySet<string>;
}

/**
 * The default phases, in order. Decisive phases first so that a final verdict skips the rest; the language rule
 * last, because it only counts next to other evidence:
 * 0. prior — the base rate;
 * 1. lists — the operator's block and allow lists (final spam / final ham) and suspect words (at least review);
 *    trust — staff roles the CMS vouches for (final ham) and the Akismet protocol's test identities (final spam);
 * 2. form — the honeypot field and time-to-submit;
 * 3. links — count, density, domains, shorteners, IP hosts, risky TLDs, anchors, the author's website;
 * 4. author — shop phrases, search queries, web addresses, names repeating their domain, pushed brand tokens,
 *    messenger ids and decorated names; disposable email;
 *    evasion — words and numbers that had to be undisguised (styled, mixed-script, spaced, decorated, leet, broken
 *    digits, invisible characters), read from what the fold reported; before the lexicon phase, whose vocabulary
 *    matches the undisguised text, so a moderator reads the disguise first;
 * 5. lexicon — campaign vocabulary in the author name, the text and the linked domains, per category;
 * 6. content — generic praise with a link, shouting, emoji walls;
 *    contact — messenger hand-offs, phone numbers, asks to write in private;
 *    money — promises of money (after contact: a hand-off makes a claim a promise), referral and promo codes;
 *    contact-handle — a bare @handle next to a pitch (after lexicon and money, whose reasons are the pitch);
 * 7. flood — campaign windows and the reputation memory, from the signals the worker gathered;
 *    memory — resemblance to comments the site's moderators rejected (the campaign memory), likewise;
 * 8. bayes — the classifier's reading of the whole comment;
 * 9. language — a script far from the site's languages, only next to other evidence.
 */
export function defaultPhases(deps: PhaseDeps): Phase[] {
  const rules = deps.rules ?? loadRuleData();
  const p = paramsOf(rules);
  const handOff = deps.handOff ?? loadHandOffData();
  // Three phases search the same text and name: this pipeline's own view of the lexicon searches each once.
  const lexicon = rememberingLastSearches(deps.lexicon);
  const phases: Phase[] = [
    priorPhase(rules),
    listsPhase(rules),
    trustPhase,
    formPhase(rules),
    linkPhase(rules),
    authorPhase(rules, lexicon, deps.names ?? loadLexicon(NAME_LEXICON_DIR)),
    evasionPhase(rules, lexicon),
    lexiconPhase(lexicon, rules),
    contentPhase(rules, lexicon),
    contactPhase(rules, lexicon, handOff),
    moneyPhase(rules, lexicon, handOff),
    handlePhase(rules),
    floodPhase(rules),
    memoryPhase(rules),
  ];
  if (deps.model) {
    const weighting = { scale: weightsOf(rules)('bayes'), min: p('bayes.min'), max: p('bayes.max') };
    phases.push(bayesPhase(deps.model, deps.priorModel, weighting, { stopWords: deps.stopWords ?? loadStopWords() }));
  }
  phases.push(languagePhase(rules));
  return phases;
}
