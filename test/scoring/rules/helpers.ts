/** Scores comments through the default phases (no model unless given), as the rule tests need. */
import { commentInputSchema } from '../../../src/domain/comment.js';
import type { CountModel } from '../../../src/classifier/model.js';
import { buildContext, type ContextExtras } from '../../../src/scoring/context.js';
import { loadLexicon } from '../../../src/scoring/lexicon-files.js';
import { defaultPhases, runPipeline, type ScoreResult } from '../../../src/scoring/pipeline.js';

const lexicon = loadLexicon();
const plain = defaultPhases({ lexicon });

/** Scores a comment on an English site (thresholds 0.5 / 0.9). */
export function score(c: Record<string, unknown>, extras: ContextExtras = {}, options: { languages?: string[]; model?: CountModel } = {}): ScoreResult {
  const phases = options.model ? defaultPhases({ lexicon, model: options.model }) : plain;
  const comment = commentInputSchema.parse({ id: '1', postId: 'p', ...c });
  return runPipeline(phases, buildContext(comment, { thresholds: { review: 0.5, spam: 0.9 }, languages: options.languages ?? ['en'] }, new Date('2026-11-20T12:00:00Z'), extras));
}

/** The reason codes of a result. */
export const codes = (r: ScoreResult): string[] => r.reasons.map((x) => x.code);

/** The reason with `code`, or undefined. */
export const reason = (r: ScoreResult, code: string) => r.reasons.find((x) => x.code === code);
