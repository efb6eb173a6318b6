/**
 * Form rules: what the comment form saw. A filled honeypot (a field hidden from people) is a bot; a form submitted
 * seconds after it was rendered was not typed by a person. Both need the CMS to send the fields; absent, no opinion.
 */
import type { Reason } from '../../domain/verdict.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';

/** The form phase. */
export function formPhase(data: RuleData): Phase {
  const w = weightsOf(data);
  const fastSeconds = paramsOf(data)('form.too-fast.seconds');
  return {
    name: 'form',
    run(ctx) {
      const reasons: Reason[] = [];
      const honeypot = ctx.comment.honeypot?.trim();
      if (honeypot) {
        reasons.push({ code: 'form.honeypot', weight: w('form.honeypot'), message: 'The hidden honeypot field was filled in: people never see it, bots fill every field.', evidence: [{ field: 'meta', match: honeypot.slice(0, 80) }] });
      }
      const rendered = ctx.comment.formRenderedAt ? Date.parse(ctx.comment.formRenderedAt) : NaN;
      const submitted = ctx.comment.createdAt ? Date.parse(ctx.comment.createdAt) : (ctx.receivedAt?.getTime() ?? NaN);
      const seconds = (submitted - rendered) / 1000;
      // A negative span is clock skew between CMS and browser, not evidence.
      if (seconds >= 0 && seconds < fastSeconds) {
        reasons.push({
          code: 'form.too-fast',
          weight: w('form.too-fast'),
          message: `The form was submitted ${seconds.toFixed(1)} s after it was shown: faster than anyone types.`,
          data: { seconds },
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}
