/**
 * Flood and reputation rules, over the signals the worker gathered from Redis before the pipeline (the phase itself
 * stays pure): the same never-seen domain, near-duplicate text, address, author name or brand token from several
 * authors within the window; and values that confirmed spam used before (the local reputation memory).
 */
import type { Evidence, Reason } from '../../domain/verdict.js';
import type { ScoringContext } from '../context.js';
import type { Phase } from '../phase.js';
import { paramsOf, weightsOf, type RuleData } from '../rule-data.js';
import type { FloodCount, FloodKind } from '../signals.js';
import { linkEvidence } from './links.js';

const DAY_MS = 86_400_000;

/** The flood phase; without signals (offline scoring) it has no opinion. */
export function floodPhase(data: RuleData): Phase {
  const w = weightsOf(data);
  const p = paramsOf(data);
  const newMs = p('flood.domain.new-days') * DAY_MS;
  const need: Record<FloodKind, number> = {
    domain: p('flood.domain.authors'),
    text: p('flood.text.authors'),
    ip: p('flood.ip.authors'),
    subnet: p('flood.subnet.authors'),
    author: p('flood.author.posts'),
    brand: p('flood.brand.authors'),
  };
  const established = p('flood.domain.established-authors');
  const otherSites = p('flood.other-sites-factor');
  const approvedReaders = p('flood.domain.approved');
  return {
    name: 'flood',
    run(ctx) {
      const signals = ctx.signals;
      if (!signals) return undefined;
      const minutes = Math.round(signals.windowMs / 60_000);
      const reasons: Reason[] = [];
      const fired = new Set<string>();
      // Domains this site's moderators approved comments with: readers link them, so they are no flood.
      const approved = new Set(signals.memory?.filter((m) => m.kind === 'domain' && m.scope === 'site' && m.approved >= approvedReaders).map((m) => m.value));
      // The strongest window of each kind, over the site's and the installation-wide windows; what other sites posted
      // weighs `flood.other-sites-factor` of what this site's own readers did.
      const best = new Map<FloodKind, { f: FloodCount; weight: number }>();
      for (const f of strongest(signals.floods)) {
        if (f.kind === 'domain' && approved.has(f.value)) continue;
        let weight: number | undefined;
        if (f.kind === 'domain') {
          const fresh = (f.ageMs ?? 0) < newMs;
          const threshold = fresh ? need.domain : established;
          if (f.authors >= threshold) {
            const base = fresh ? w('flood.domain') : w('flood.domain.established');
            weight = Math.min(w('flood.domain.max'), base + w('flood.domain.each-more') * (f.authors - threshold));
          }
        } else if (f.kind === 'author') {
          if (f.posts >= need.author || f.sites >= 2) weight = w('flood.author');
        } else if (f.authors >= need[f.kind]) {
          weight = w(`flood.${f.kind}`);
        }
        if (weight === undefined) continue;
        if (f.scope === 'all' && f.sites > 1) weight = round(weight * otherSites);
        const kept = best.get(f.kind);
        if (!kept || weight > kept.weight) best.set(f.kind, { f, weight });
      }
      for (const { f, weight } of best.values()) {
        if (f.kind === 'subnet' && best.has('ip')) continue;
        fired.add(`flood.${f.kind}`);
        reasons.push({
          code: `flood.${f.kind}`,
          weight,
          message: floodMessage(f, minutes, newMs),
          ...evidenceFor(ctx, f),
          data: { value: f.value, scope: f.scope, comments: f.comments, authors: f.authors, posts: f.posts, sites: f.sites },
        });
      }
      for (const hit of signals.reputation) {
        const code = `reputation.${hit.kind}`;
        if (fired.has(code) || (hit.kind === 'domain' && approved.has(hit.value))) continue;
        fired.add(code);
        const days = Math.max(0, Math.floor((ctx.now.getTime() - hit.confirmedAt) / DAY_MS));
        // What other sites confirmed weighs as their flood windows do: another site's spam is weaker evidence here.
        reasons.push({
          code,
          weight: hit.here ? w(code) : round(w(code) * otherSites),
          message: `Confirmed spam${hit.here ? '' : ' on another site'} used this ${hit.kind} (${hit.value}) ${days === 0 ? 'today' : `${days} day${days === 1 ? '' : 's'} ago`}.`,
          ...evidenceFor(ctx, { kind: hit.kind, value: hit.value }),
          data: { value: hit.value, site: hit.here ? 'this' : 'other' },
        });
      }
      return reasons.length ? { reasons } : undefined;
    },
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Floods sorted so that the first of each kind is its strongest window. */
function strongest(floods: readonly FloodCount[]): FloodCount[] {
  return [...floods].sort((a, b) => b.authors - a.authors || b.posts - a.posts || b.comments - a.comments);
}

function floodMessage(f: FloodCount, minutes: number, newMs: number): string {
  const where = f.scope === 'all' && f.sites > 1 ? ` across ${f.sites} sites` : '';
  const span = `within ${minutes} minutes${where}`;
  switch (f.kind) {
    case 'domain':
      return `${f.comments} comments from ${f.authors} different authors linked ${(f.ageMs ?? 0) < newMs ? 'the new domain' : ''} ${f.value} ${span}.`.replace('  ', ' ');
    case 'text':
      return `${f.comments} near-identical comments from ${f.authors} different authors ${span}.`;
    case 'ip':
      return `${f.authors} different author names posted from one address ${span}.`;
    case 'subnet':
      return `${f.authors} different author names posted from ${f.value} ${span}.`;
    case 'author':
      return `The author "${f.value}" posted ${f.comments} comments on ${f.posts} posts ${span}.`;
    case 'brand':
      return `${f.authors} different authors pushed "${f.value}" ${span}.`;
  }
}

function evidenceFor(ctx: ScoringContext, f: { kind: string; value: string }): { evidence?: Evidence[] } {
  const author = ctx.comment.author;
  switch (f.kind) {
    case 'domain': {
      const link = [...ctx.links, ...(ctx.authorLink ? [ctx.authorLink] : [])].find((l) => l.domain === f.value);
      return link ? { evidence: [linkEvidence(link, ctx)] } : {};
    }
    case 'ip':
    case 'subnet':
      return author.ip ? { evidence: [{ field: 'author.ip', match: author.ip }] } : {};
    case 'email':
      return author.email ? { evidence: [{ field: 'author.email', match: author.email }] } : {};
    case 'author':
      return author.name ? { evidence: [{ field: 'author.name', match: author.name }] } : {};
    case 'brand': {
      const name = author.name ?? '';
      const inName = name.toLowerCase().includes(f.value);
      return inName ? { evidence: [{ field: 'author.name', match: name }] } : {};
    }
    default:
      return {};
  }
}
