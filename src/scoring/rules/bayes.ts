/**
 * The Bayesian classifier as a phase: its probability becomes one weighted reason, `bayes`, carrying the tokens for
 * and against so the moderator sees what it read. The classifier's probability assumes even odds, so its log-odds
 * are added to the pipeline's prior as evidence, scaled and clamped: Fisher combining says 0.999 readily, and one
 * opinion, however confident, must not drown every heuristic.
 */
import { FeatureVector, featureVectorOfContext } from '../../classifier/features.js';
import type { CountModel, TokenEvidence } from '../../classifier/model.js';
import { logit, type Evidence } from '../../verdict.js';
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

export const DEFAULT_BAYES_WEIGHTING: BayesWeighting = { scale: 1, min: -4, max: 5 };

const bare = (t: TokenEvidence): string => t.token.slice(t.token.indexOf(':') + 1);
const pct = (p: number): string => `${Math.round(p * 1000) / 10} %`;
const roundedP = (t: TokenEvidence): { token: string; p: number } => ({ token: t.token, p: Math.round(t.p * 1000) / 1000 });

/** Builds the phase over a model (a site model with the global one as `prior`, or the global one alone). */
export function bayesPhase(model: CountModel, prior?: CountModel, weighting: BayesWeighting = DEFAULT_BAYES_WEIGHTING): Phase {
  // One feature vector per phase, reused: scoring is synchronous and the result holds no reference to it.
  const features = new FeatureVector();
  const options = prior ? { prior } : {};
  return {
    name: 'bayes',
    run(ctx) {
      const result = model.score(featureVectorOfContext(ctx, features), options);
      if (result.abstained) return undefined;
      const weight = weighting.scale * Math.max(weighting.min, Math.min(weighting.max, logit(result.probability)));
      // Word tokens that literally occur in the text can be highlighted; pairs and domains are shown in `data` only.
      const evidence: Evidence[] = [];
      for (const t of result.tokensFor) {
        if (!t.token.startsWith('w:')) continue;
        const word = bare(t);
        if (ctx.lowerText.includes(word)) evidence.push({ field: 'content', match: word });
      }
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
