/**
 * The Bayesian classifier as a phase: its probability becomes one weighted reason, `bayes`, carrying the tokens for
 * and against so the moderator sees what it read. The classifier's probability assumes even odds, so its log-odds
 * are added to the pipeline's prior as evidence, scaled and clamped: Fisher combining says 0.999 readily, and one
 * opinion, however confident, must not drown every heuristic.
 *
 * The reason's `evidence` (what the moderator page marks in the text) names only the telling words: those that explain
 * the verdict, not every token that leaned a little (see {@link tellingWords}). It is chosen after the weight and
 * never feeds back into it: the score does not depend on it.
 */
import { FeatureVector, featureVectorOfContext } from '../../classifier/features.js';
import type { CountModel, TokenEvidence } from '../../classifier/model.js';
import { logit, type Evidence } from '../../domain/verdict.js';
import type { Phase } from '../phase.js';

/**
 * How the classifier's log-odds become a weight: clamped to [min, max] (its strength), then times `scale` (the
 * fitted weight of `bayes`).
 */
export interface BayesWeighting {
  readonly scale: number;
  readonly min: number;
  readonly max: number;
}

const bare = (t: TokenEvidence): string => t.token.slice(t.token.indexOf(':') + 1);

/** Which of the classifier's tokens for spam the reason names as evidence. */
export interface TellingWordsOptions {
  /** Words that never explain a verdict, in any language the service reads (src/scoring/stop-words.ts). */
  readonly stopWords: ReadonlySet<string>;
  /**
   * The least log-likelihood ratio of a word on its own, log(P(spam-like)/P(ham-like)) of the token's p: ln 4, a word
   * at least four times as likely in spam, by default.
   */
  readonly minLogLikelihood?: number;
}

/** A word at least four times as likely in spam as in ham, on its own. */
export const TELLING_MIN_LOG_LIKELIHOOD = Math.log(4);

// Han, Hiragana, Katakana and Hangul: the tokenizer cuts their runs into bigrams (src/scoring/tokenize.ts), so a
// two-character token is a word there.
const CJK = /[\u1100-\u11FF\u3040-\u30FF\u3131-\u318E\u3400-\u4DBF\u4E00-\u9FFF\uA960-\uA97F\uAC00-\uD7A3\uD7B0-\uD7FF\uF900-\uFAFF\u{20000}-\u{323AF}]/u;
const LETTER = /\p{L}/gu;

/**
 * The telling words of a comment: of the classifier's strongest tokens for spam (`tokensFor`), the content words (`w:`)
 * that occur in the text (`lowerText`), are no stop word, have 3 letters or more (any length in CJK scripts, whose
 * tokens are character pairs) and push toward spam strongly on their own (log-likelihood ratio of their p at least
 * `minLogLikelihood`). Pairs and domains are left to `data`: they are not a literal of the text.
 */
export function tellingWords(tokensFor: readonly TokenEvidence[], lowerText: string, options: TellingWordsOptions): Evidence[] {
  const min = options.minLogLikelihood ?? TELLING_MIN_LOG_LIKELIHOOD;
  const evidence: Evidence[] = [];
  for (const t of tokensFor) {
    if (!t.token.startsWith('w:') || logit(t.p) < min) continue;
    const word = bare(t);
    if (options.stopWords.has(word) || !lowerText.includes(word)) continue;
    if (!CJK.test(word) && (word.match(LETTER)?.length ?? 0) < 3) continue;
    evidence.push({ field: 'content', match: word });
  }
  return evidence;
}

const pct = (p: number): string => `${Math.round(p * 1000) / 10} %`;
const roundedP = (t: TokenEvidence): { token: string; p: number } => ({ token: t.token, p: Math.round(t.p * 1000) / 1000 });

/**
 * Builds the phase over a model (a site model with the global one as `prior`, or the global one alone); `telling`
 * chooses the words the reason names as evidence.
 */
export function bayesPhase(model: CountModel, prior: CountModel | undefined, weighting: BayesWeighting, telling: TellingWordsOptions): Phase {
  // One feature vector per phase, reused: scoring is synchronous and the result holds no reference to it.
  const features = new FeatureVector();
  const options = prior ? { prior } : {};
  return {
    name: 'bayes',
    run(ctx) {
      const result = model.score(featureVectorOfContext(ctx, features), options);
      if (result.abstained) return undefined;
      const weight = weighting.scale * Math.max(weighting.min, Math.min(weighting.max, logit(result.probability)));
      const evidence = tellingWords(result.tokensFor, ctx.lowerText, telling);
      const code = 'bayes';
      const rounded = Math.round(weight * 1000) / 1000;
      const message = `The classifier rates the text ${pct(result.probability)} spam-like.`;
      const data = {
        probability: Math.round(result.probability * 10_000) / 10_000,
        tokensFor: result.tokensFor.map(roundedP),
        tokensAgainst: result.tokensAgainst.map(roundedP),
      };
      // The same keys in the same order as ever (reasons are serialised as they are built).
      return { reasons: [evidence.length ? { code, weight: rounded, message, evidence, data } : { code, weight: rounded, message, data }] };
    },
  };
}
