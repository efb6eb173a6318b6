/** Helpers of the moderation tests: staff requests, held comments, site settings, queued jobs. */
import assert from 'node:assert/strict';
import { Queue } from 'bullmq';
import request from 'supertest';
import { bullPrefix, QUEUE_NAMES } from '../../src/queue/queues.js';
import type { Site } from '../../src/store/sites.js';
import type { Verdict } from '../../src/domain/verdict.js';
import type { TestService } from './service.js';

/** Callbacks to 127.0.0.1 allowed, and retries in milliseconds rather than hours. */
export const MODERATION_ENV = {
  CALLBACK_ALLOW_PRIVATE: 'true',
  DELIVERY_BACKOFF_MS: '20',
  DELIVERY_BACKOFF_MAX_MS: '100',
  DELIVERY_ATTEMPTS: '4',
} as const;

/**
 * Thresholds that hold what other settings would reject: review from 0.5, and a spam threshold beyond any score (set in
 * the store directly; the API refuses it), so the tests do not depend on how sure the heuristics of the day are.
 */
export const HOLD_ALL = { review: 0.5, spam: 1.01 } as const;

/** Requests with a bearer token. */
export function as(t: TestService, token: string) {
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => request(t.url).get(path).set('Authorization', auth),
    post: (path: string, body: object = {}) => request(t.url).post(path).set('Authorization', auth).send(body),
    patch: (path: string, body: object) => request(t.url).patch(path).set('Authorization', auth).send(body),
    delete: (path: string, body: object) => request(t.url).delete(path).set('Authorization', auth).send(body),
  };
}

/** Changes a site's record directly in the store. */
export async function configureSite(t: TestService, change: Partial<Site>, site = t.site): Promise<void> {
  await t.store.sites.update(site, (s) => ({ site: { ...s, ...change } }));
}

/** A comment of the woori-casino campaign: same text and link domain, a different author each time. */
export function casinoCopy(n: number, postId = 'post-1') {
  return {
    id: `casino-${n}`,
    postId,
    content: 'Thanks for the info, I found more at https://woori-casino.xyz today',
    author: { name: `Lee ${n}`, email: `lee${n}@mail.example`, ip: `198.51.100.${n}` },
  };
}

/** A reader's comment. */
export function readerComment(n: number, postId = 'post-1') {
  return {
    id: `reader-${n}`,
    postId,
    content: `I disagree with paragraph ${n}: the council voted twice, not once. Otherwise a fair summary of the budget.`,
    author: { name: `Reader ${n}` },
  };
}

/** Posts a comment as the CMS and waits for its verdict. */
export async function submit(t: TestService, comment: object, apiKey = t.apiKey): Promise<Verdict> {
  const res = await request(t.url).post('/v1/comments?wait=8000').set('Authorization', `Bearer ${apiKey}`).send(comment).expect(200);
  return res.body as Verdict;
}

/** Posts a comment and checks that it was held for review. */
export async function submitHeld(t: TestService, comment: object): Promise<Verdict> {
  const verdict = await submit(t, comment);
  assert.equal(verdict.verdict, 'review', `expected a held comment, got ${verdict.verdict} (${verdict.score})`);
  return verdict;
}

/** The jobs of a queue, every state, with their data. */
export async function jobsOf<T>(t: TestService, name: keyof typeof QUEUE_NAMES): Promise<T[]> {
  const queue = new Queue(QUEUE_NAMES[name], { connection: t.redis, prefix: bullPrefix(t.config.redisPrefix) });
  try {
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
    return jobs.filter(Boolean).map((j) => j.data as T);
  } finally {
    await queue.close();
  }
}

/**
 * Stores a comment with a verdict exactly as the scoring worker stores it (held, rejected or published, or in a
 * shadow-mode site's would-have-held set), with the verdict fields a test chooses, so that a page shows exactly those.
 * Much faster than scoring when a test needs hundreds.
 */
export async function storeVerdict(
  t: TestService,
  id: string,
  comment: { content: string; author: { name: string; email?: string; ip?: string }; postId?: string },
  verdict: Pick<Verdict, 'score' | 'reasons'> & Partial<Verdict>,
  options: { site?: string; shadow?: boolean; at?: Date } = {},
): Promise<void> {
  const now = options.at ?? new Date();
  const site = options.site ?? t.site;
  const postId = comment.postId ?? 'council-recap';
  const accepted = await t.store.comments.accept(site, { id, postId, contentType: 'text', content: comment.content, author: comment.author }, now);
  const full: Verdict = { id, site, status: 'scored', verdict: 'review', discard: false, model: 'test', receivedAt: now.toISOString(), scoredAt: now.toISOString(), ...verdict };
  const shadow = options.shadow ?? false;
  assert.ok(await t.store.scored.record({ verdict: full, revision: accepted.revision, mode: 'save', shadow, postId, campaign: [], remember: [], now }));
  // Filed in the search index with its words, as the worker files it.
  await t.store.index.sync(site, id);
}
