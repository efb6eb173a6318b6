/** The CMS webhook: submit a comment, read its verdict. */
import { z } from 'zod';
import { commentInputSchema } from '../../domain/comment.js';
import { errors } from '../../platform/errors.js';
import { asToldToCms } from '../../use-cases/tell-cms.js';
import type { Principal } from '../../store/credentials.js';
import { admitAndAccept, checkLinks } from '../admission.js';
import { isPlainJsonType } from '../body-guard.js';
import type { AppDeps } from '../deps.js';
import { principalOf, type Route } from '../route.js';
import { sendJson } from '../send.js';
import { parse } from '../validate.js';
import { checkWebhookSignature } from '../webhook-signature.js';
import { errorSchema, queuedSchema, verdictSchema } from './schemas.js';

const waitQuery = z.object({
  wait: z.coerce.number().int().min(0).max(10_000).optional().describe('Milliseconds to wait for the verdict (≤ 10000).'),
});
const siteQuery = z.object({ site: z.string().min(1).max(64).optional() });

/** The site a principal acts for: a CMS key's own site, or `?site=` for staff. */
function siteOf(principal: Principal, requested: string | undefined): string {
  if (principal.role === 'cms') {
    if (requested && requested !== principal.site) throw errors.forbidden('A site key reads only its own site.');
    return principal.site;
  }
  if (!requested) throw errors.validation('Invalid query: site: required for staff tokens');
  return requested;
}

export function commentRoutes(deps: AppDeps): Route[] {
  const { store, queues, waiter, config, metrics } = deps;
  // Sites as ingest reads them: a record read at most INGEST_CACHE_MS ago by this process is reused.
  const recent = { maxAgeMs: config.ingestCacheMs };
  return [
    {
      method: 'post',
      path: '/v1/comments',
      auth: ['cms'],
      tag: 'comments',
      summary: 'Submit a comment for scoring (the CMS webhook). Idempotent per (site, id, content).',
      body: commentInputSchema,
      query: waitQuery,
      responses: {
        200: { description: 'The verdict, when `wait` was given and it arrived in time.', schema: verdictSchema },
        202: { description: 'Accepted and queued (or already known).', schema: queuedSchema },
        400: { description: 'Invalid JSON or comment, nested too deep, or too many links.', schema: errorSchema },
        401: { description: 'Missing or invalid key, or a missing or wrong Sluice-Signature.', schema: errorSchema },
        409: { description: 'A newer version of the comment, signed later, is stored already (`stale_revision`).', schema: errorSchema },
        413: { description: 'Body too large.', schema: errorSchema },
        415: { description: 'Not JSON.', schema: errorSchema },
        429: { description: 'Rate limit of the site, the author IP or the caller; retry after the Retry-After header.', schema: errorSchema },
        503: { description: 'Store unreachable or scoring queue full; retry after the Retry-After header.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        if (!isPlainJsonType(req.headers['content-type']) && !req.is('application/json')) throw errors.unsupportedMediaType();
        // Most webhooks have no query string: no query parsing for them.
        const wait = req.url.includes('?') ? parse(waitQuery, req.query, 'query').wait : undefined;
        const site = siteOf(principalOf(principal), undefined);
        const signedAt = checkWebhookSignature(req, await store.sites.get(site, recent), deps.now());
        const input = parse(commentInputSchema, req.body);
        checkLinks(config, input);
        // The rate-limit tokens are taken and the comment stored in one script: 429 stores nothing.
        const accepted = await admitAndAccept(deps, req, { site, authorIp: input.author.ip }, input, deps.now(), signedAt);
        // A still-queued re-post re-enqueues: a no-op if the job exists, a repair if a previous enqueue failed.
        if (accepted.changed || accepted.status === 'queued') {
          await queues.enqueueScore({ site, id: input.id, rev: accepted.revision });
        }
        metrics.jobs.inc({ queue: 'ingest', outcome: accepted.changed ? 'accepted' : 'duplicate' });
        if (wait) {
          const read = async () => (await store.comments.get(site, input.id))?.verdict;
          const verdict = await waiter.wait(site, input.id, Math.min(wait, config.maxWaitMs), read);
          if (verdict) return void res.status(200).json(asToldToCms(verdict, await store.sites.get(site, recent)));
        }
        sendJson(res, 202, { id: input.id, status: accepted.changed ? 'queued' : accepted.status });
      },
    },
    {
      method: 'get',
      path: '/v1/comments/:id',
      auth: ['cms', 'moderator', 'operator'],
      tag: 'comments',
      summary: "A comment's verdict with its reasons (staff pass ?site=).",
      query: siteQuery,
      responses: {
        200: { description: 'The verdict, or the queued status before it exists.', schema: verdictSchema.or(queuedSchema) },
        401: { description: 'Missing or invalid credentials.', schema: errorSchema },
        404: { description: 'No such comment on this site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const id = String(req.params['id']);
        const site = siteOf(principalOf(principal), parse(siteQuery, req.query, 'query').site);
        const record = await store.comments.get(site, id);
        if (!record) throw errors.notFound(`Comment "${id}" on site "${site}"`);
        if (!record.verdict) return void res.json({ id, site, status: record.status, receivedAt: record.comment.receivedAt });
        // Shadow mode: the CMS is told ham, whatever it asks; staff see the real verdict.
        const cms = principalOf(principal).role === 'cms';
        res.json(cms ? asToldToCms(record.verdict, await store.sites.get(site, recent)) : record.verdict);
      },
    },
  ];
}
