/**
 * Coral Talk's external moderation phase. Coral signs the raw body with the phase's signing secret
 * (`X-Coral-Signature: sha256=<hex>[,sha256=<hex>]`); the secret that matches names the site. Scored within the
 * request, since Coral skips a phase that answers late.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { describeIssues, errors } from '../../platform/errors.js';
import { coralAnswer, coralRequestSchema, coralSignatureMatches, commentFromCoral } from '../../integrations/coral.js';
import { admitComment } from '../admission.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { errorSchema } from './schemas.js';

const coralResponseSchema = z.object({
  status: z.enum(['NONE', 'APPROVED', 'REJECTED', 'PREMOD', 'SYSTEM_WITHHELD']).optional(),
  actions: z.array(z.object({ actionType: z.literal('FLAG'), reason: z.string() })).optional(),
  tags: z.array(z.string()).optional(),
});

export function coralRoutes(deps: AppDeps): Route[] {
  return [
    {
      method: 'post',
      path: '/v1/integrations/coral',
      auth: 'public',
      tag: 'integrations',
      parser: 'raw',
      bodyType: 'application/json',
      body: coralRequestSchema,
      summary: "Coral Talk external moderation phase (signed with the phase's secret; see `sluice sites coral-secret`).",
      responses: {
        200: { description: 'REJECTED for spam; SYSTEM_WITHHELD with a spam flag for comments held for review.', schema: coralResponseSchema },
        204: { description: 'No opinion (ham).' },
        400: { description: 'Not a Coral request.', schema: errorSchema },
        401: { description: 'Missing or wrong X-Coral-Signature (`bad_signature`).', schema: errorSchema },
        409: { description: 'The same signed body was received within CORAL_REPLAY_WINDOW_SECONDS (`replayed`).', schema: errorSchema },
        429: { description: 'Rate limit of the site or the caller; retry after the Retry-After header.', schema: errorSchema },
      },
      async handler(req, res) {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const signature = req.headers['x-coral-signature'];
        const header = Array.isArray(signature) ? signature.join(',') : signature;
        const match = (await deps.store.integrations.coralSecrets()).find((s) => coralSignatureMatches(header, raw, s.secret));
        if (!match) throw errors.coralBadSignature();
        let body: unknown;
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch (err) {
          throw errors.badJson((err as Error).message);
        }
        const parsed = coralRequestSchema.safeParse(body);
        if (!parsed.success) throw errors.validation(`Invalid Coral request: ${describeIssues(parsed.error.issues)}`);
        const bodyHash = createHash('sha256').update(raw).digest('base64url');
        if (!(await deps.store.integrations.firstCoralSight(bodyHash, deps.config.coralReplayWindowSeconds))) throw errors.replayed('This signed Coral request');
        try {
          await admitComment(deps, req, { site: match.site });
        } catch (err) {
          await deps.store.integrations.forgetCoralSight(bodyHash);
          throw err;
        }
        const verdict = await deps.scoreNow(match.site, commentFromCoral(parsed.data), { via: 'coral', ...(parsed.data.action === 'EDIT' ? { edit: true } : {}) });
        const answer = coralAnswer(verdict);
        if (answer.status === 204) return void res.status(204).end();
        res.status(200).json(answer.body);
      },
    },
  ];
}
