/**
 * Worst-case benchmark of the scoring core: hostile comments through the full pipeline (shipped model, every phase,
 * lists and flood signals present), printed as ms per comment against the 50 ms target. Also the ordinary case:
 * comments per second over the YouTube collection when ../shared/data is present. Run with `npm run bench:worst`.
 */
import { findSharedData, loadYoutubeCollection } from '../src/classifier/dataset.js';
import { loadConfig } from '../src/platform/config.js';
import { commentOf } from '../src/evaluation/pipeline.js';
import { loadDefaultScorer } from '../src/scoring/default-scorer.js';
import { compileLists } from '../src/scoring/site-lists.js';
import type { ScoringSignals } from '../src/scoring/signals.js';
import { worstInputs } from './worst-inputs.js';

const TARGET_MS = 50;
const scorer = loadDefaultScorer(loadConfig({}).modelFile);
const settings = { thresholds: { review: 0.5, spam: 0.9 }, languages: ['en'] };
const lists = compileLists({ 'blocked-domains': ['blocked.example'], 'banned-words': ['forbiddenword'], 'suspect-words': ['suspect phrase'], 'blocked-ips': ['198.51.100.0/24'] });
const signals: ScoringSignals = {
  windowMs: 600_000,
  floods: [{ kind: 'domain', value: 'a.top', scope: 'site', comments: 9, authors: 9, posts: 3, sites: 1, ageMs: 1000, earlier: [] }],
  reputation: [{ kind: 'ip', value: '203.0.113.9', confirmedAt: 0, here: true }],
};
const now = new Date('2026-11-20T12:00:02Z');

const rows = [];
for (const { name, comment } of worstInputs()) {
  scorer.score(comment, settings, now, { lists, signals }); // warm-up
  const runs = 5;
  const t0 = performance.now();
  let verdict = '';
  for (let i = 0; i < runs; i++) verdict = scorer.score(comment, settings, now, { lists, signals }).verdict;
  const ms = (performance.now() - t0) / runs;
  rows.push({ case: name, chars: comment.content.length, ms: Math.round(ms * 100) / 100, verdict, ok: ms < TARGET_MS });
}
console.table(rows);

const shared = findSharedData();
if (shared) {
  const comments = (await loadYoutubeCollection(shared)).map(commentOf);
  for (const c of comments.slice(0, 200)) scorer.score(c, settings, now);
  const rounds = 5;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) for (const c of comments) scorer.score(c, settings, now, { lists, signals });
  const perComment = (performance.now() - t0) / (rounds * comments.length);
  console.log(`ordinary comments: ${(perComment * 1000).toFixed(1)} µs per comment, ${Math.round(1000 / perComment)} comments/s on one core (full pipeline, ${comments.length} YouTube comments × ${rounds})`);
}
const slow = rows.filter((r) => !r.ok);
console.log(slow.length ? `over the ${TARGET_MS} ms target: ${slow.map((r) => r.case).join(', ')}` : `every worst case under the ${TARGET_MS} ms target`);
