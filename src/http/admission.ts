/**
 * Admission of comments at ingest (the webhook, Akismet's comment-check, Coral's phase): before a comment is stored,
 * the scoring queue must have room (a flood fills the queue, not Redis's memory without bound: 503 with Retry-After)
 * and the comment must fit its token buckets — its site's, its author's IP's and the caller's address's (429 with
 * Retry-After). The buckets live in Redis, so every API process enforces the same limits.
 */
import type { Request } from 'express';
import type { CommentInput } from '../domain/comment.js';
import type { Config } from '../platform/config.js';
import { errors } from '../platform/errors.js';
import type { Queues } from '../queue/queues.js';
import { formatIp, parseIp, subnetOf } from '../scoring/ip.js';
import type { AcceptResult } from '../store/comments.js';
import type { Store } from '../store/index.js';
import type { BucketRequest, RateScope } from '../store/rate-limit.js';

/** What admission reads. */
export type AdmissionDeps = { readonly config: Config; readonly store: Store; readonly queues: Pick<Queues, 'depth'> };

/** Who a comment comes from. */
export interface Arrival {
  readonly site: string;
  /** The author's IP as the CMS reports it. */
  readonly authorIp?: string | undefined;
}

/** The queue depth is read at most this often per API process: one BullMQ count per second, whatever the load. */
const DEPTH_TTL_MS = 1_000;

/**
 * The queue depth as this process knows it: the last count read, plus every comment this process admitted since that
 * read began (counted at once, before it is stored), so a burst between two reads cannot pass the ceiling.
 */
interface DepthGauge {
  at: number;
  read: Promise<number>;
  admitted: number;
}
const gauges = new WeakMap<object, DepthGauge>();

function gaugeOf(queues: Pick<Queues, 'depth'>): DepthGauge {
  const current = gauges.get(queues);
  if (current && Date.now() - current.at < DEPTH_TTL_MS) return current;
  const gauge: DepthGauge = { at: Date.now(), read: queues.depth(), admitted: 0 };
  gauges.set(queues, gauge);
  // A failed read (Redis away) must not be served for the next second.
  gauge.read.catch(() => gauges.get(queues) === gauge && gauges.delete(queues));
  return gauge;
}

const WHAT: Record<RateScope, string> = {
  site: 'comments for this site',
  ip: "comments from this author's address",
  client: 'comments from your address',
  label: 'labels from this site',
};

/** 503 while the scoring queue is full; otherwise counts the comment in. */
async function checkQueue(deps: AdmissionDeps): Promise<void> {
  const gauge = gaugeOf(deps.queues);
  const depth = await gauge.read;
  // No await between the check and the count: concurrent requests are counted one by one.
  if (depth + gauge.admitted >= deps.config.maxQueueDepth) {
    throw errors.unavailable('Too many comments are waiting to be scored; retry shortly.', 5);
  }
  gauge.admitted++;
}

/**
 * The bucket of an address: IPv4 (an IPv4-mapped IPv6 address included) as a dotted quad, IPv6 by its /64 (what one
 * subscriber gets), so one author cannot get fresh buckets by spelling the address another way. Not an IP: as sent.
 */
export function addressBucket(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  return ip.version === 4 ? formatIp(ip) : subnetOf(ip);
}

/** The buckets a comment falls under. */
function bucketsOf(config: Config, req: Request, arrival: Arrival): BucketRequest[] {
  const buckets: BucketRequest[] = [{ scope: 'site', id: arrival.site, limit: config.rateLimits.site }];
  if (arrival.authorIp) buckets.push({ scope: 'ip', id: addressBucket(arrival.authorIp), limit: config.rateLimits.authorIp });
  if (req.ip) buckets.push({ scope: 'client', id: addressBucket(req.ip), limit: config.rateLimits.client });
  return buckets;
}

/** The 429 for a bucket of `scope` that had no token, with when to retry. */
export const refused = (scope: RateScope, retryAfterMs: number) => errors.rateLimited(WHAT[scope], Math.max(1, Math.ceil(retryAfterMs / 1000)));

/** Refuses a comment when the queue is full (503) or one of its buckets is empty (429); otherwise takes its tokens. */
export async function admitComment(deps: AdmissionDeps, req: Request, arrival: Arrival): Promise<void> {
  await checkQueue(deps);
  const taken = await deps.store.rateLimits.take(bucketsOf(deps.config, req, arrival));
  if (!taken.allowed) throw refused(taken.scope, taken.retryAfterMs);
}

/**
 * {@link admitComment} and `store.comments.accept` in one Redis round trip (the webhook's path): the tokens are taken
 * and the comment stored by one script, or neither.
 */
export async function admitAndAccept(
  deps: AdmissionDeps,
  req: Request,
  arrival: Arrival,
  input: CommentInput,
  receivedAt: Date,
  signedAt?: number,
): Promise<AcceptResult> {
  await checkQueue(deps);
  const buckets = deps.store.rateLimits.prepare(bucketsOf(deps.config, req, arrival));
  const result = await deps.store.comments.admitAndAccept(arrival.site, input, receivedAt, buckets, undefined, signedAt);
  if (!result.admitted) throw refused(result.scope, result.retryAfterMs);
  if (result.stale) throw errors.staleRevision(input.id);
  return result;
}

// Links as the limit counts them: a scheme or a www. prefix. Cheap and linear; the pipeline finds bare domains too.
const LINK = /https?:\/\/|www\./gi;

/** How many links `text` has, counting up to `stopAt`. */
export function countLinks(text: string, stopAt = Number.MAX_SAFE_INTEGER): number {
  let n = 0;
  for (const _ of text.matchAll(LINK)) if (++n >= stopAt) break;
  return n;
}

/** 400 when the comment's content has more links than MAX_LINKS_PER_COMMENT. */
export function checkLinks(config: Pick<Config, 'maxLinksPerComment'>, input: Pick<CommentInput, 'content'>): void {
  const n = countLinks(input.content, config.maxLinksPerComment + 1);
  if (n > config.maxLinksPerComment) throw errors.tooManyLinks(config.maxLinksPerComment);
}
