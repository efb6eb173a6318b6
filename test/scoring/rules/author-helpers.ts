/** Scoring helpers for the author tests: the shared ones, and a context whose author name normalisation disguised. */
import { commentInputSchema } from '../../../src/domain/comment.js';
import { buildContext, type EvasionFinding } from '../../../src/scoring/context.js';
import { loadLexicon } from '../../../src/scoring/lexicon-files.js';
import { defaultPhases, runPipeline, type ScoreResult } from '../../../src/scoring/pipeline.js';

export { codes, reason, score } from './helpers.js';

const phases = defaultPhases({ lexicon: loadLexicon() });

/**
 * Scores a comment on an English site as if normalisation had undone `authorName` disguises in its author name
 * (until the evasion work fills `ctx.evasion`, no comment has any).
 */
export function scoreWithEvasion(c: Record<string, unknown>, authorName: readonly EvasionFinding[]): ScoreResult {
  const comment = commentInputSchema.parse({ id: '1', postId: 'p', ...c });
  const ctx = buildContext(comment, { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] }, new Date('2026-11-20T12:00:00Z'));
  return runPipeline(phases, { ...ctx, evasion: { content: [], authorName } });
}
