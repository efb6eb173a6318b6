/**
 * `memory.*`: the comment resembles comments this site's moderators rejected — the same or nearly the same text, the
 * same pushed brand, contact, linked domain or author name — read from what the worker gathered from the campaign
 * memory (src/store/memory.ts). Every moderator decision acts here at once, on every worker, without retraining.
 *
 * Readers first: a resemblance holds the comment for a moderator (at least `review`); it adds weight toward
 * rejection, but a domain alone (network evidence: readers link the same pages) weighs too little to corroborate a
 * rejection. Comments the moderators approved with the same fingerprint outweigh the rejected ones: a word readers
 * use is not a campaign's.
 */
import type { Reason } from '../../domain/verdict.js';
import type { FingerprintKind } from '../fingerprints.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import type { MemoryHit } from '../signals.js';

const ORDER: readonly FingerprintKind[] = ['text', 'contact', 'brand', 'domain', 'author'];

/** The memory phase; without memory hits (offline scoring, a fresh site) it has no opinion. */
export function memoryPhase(data: RuleData): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const hold = p('memory.hold');
  const authorHold = p('memory.author.hold');
  const moreMax = p('memory.more-max');
  const eachMore = w('memory.each-more');
  return {
    name: 'memory',
    run(ctx) {
      const hits = ctx.signals?.memory;
      if (!hits || hits.length === 0) return undefined;
      const reasons: Reason[] = [];
      let holds = false;
      for (const kind of ORDER) {
        const best = strongest(hits, kind);
        if (!best) continue;
        const standing = best.rejected - best.approved;
        const needed = kind === 'author' ? authorHold : hold;
        if (standing < needed) continue;
        holds = true;
        const weight = Math.round((w(`memory.${kind}`) + eachMore * Math.min(moreMax, standing - needed)) * 1000) / 1000;
        reasons.push({
          code: `memory.${kind}`,
          weight,
          message: messageOf(best),
          ...(best.evidence ? { evidence: [best.evidence] } : {}),
          data: { value: best.value, scope: best.scope, rejected: best.rejected, week: best.week, approved: best.approved, examples: best.examples },
        });
      }
      return holds ? { reasons, atLeast: 'review' } : undefined;
    },
  };
}

/** The hit of a kind with the most rejections not outweighed by approvals (the site's own first among equals). */
function strongest(hits: readonly MemoryHit[], kind: FingerprintKind): MemoryHit | undefined {
  let best: MemoryHit | undefined;
  for (const h of hits) {
    if (h.kind !== kind || h.approved >= h.rejected) continue;
    if (!best || h.rejected - h.approved > best.rejected - best.approved) best = h;
  }
  return best;
}

function messageOf(h: MemoryHit): string {
  const n = h.rejected;
  const comments = n === 1 ? 'a comment' : `${n} comments`;
  const who = h.scope === 'site' ? 'you rejected' : 'rejected on the sites that share their memory';
  const when = h.week === n ? 'this week' : h.week > 0 ? `lately (${h.week} this week)` : 'lately';
  const like = `like ${comments} ${who} ${when}`;
  const e = h.examples.map((x) => x.id).slice(0, 3);
  const eg = e.length ? ` (e.g. ${e.join(', ')})` : '';
  switch (h.kind) {
    case 'text':
      return `Nearly the same text as ${comments} ${who} ${when}${eg}.`;
    case 'brand':
      return `Pushes "${h.value}", ${like}${eg}.`;
    case 'contact':
      return `Gives the contact ${h.value.startsWith('tel:') ? `number …${h.value.slice(-6)}` : h.value}, ${like}${eg}.`;
    case 'domain':
      return `Links ${h.value}, ${like}${eg}.`;
    case 'author':
      return h.value.startsWith('email:') ? `Written from the address ${h.value.slice(6)}, ${like}${eg}.` : `Written under the name "${h.value}", ${like}${eg}.`;
  }
}
