/**
 * The moderator page's live updates: a stream of server-sent events saying which comments entered or left which view,
 * so the page re-reads GET /v1/review when something changed instead of polling it. Read with fetch (the token goes
 * in the Authorization header, never in a URL, so EventSource cannot be used).
 */
import { z } from 'zod';
import { REVIEW_VIEWS } from '../../use-cases/review-list.js';
import type { AppDeps } from '../deps.js';
import { RETRY_MS } from '../live-streams.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { siteIdSchema, sitesInScope } from './moderation-schemas.js';
import { errorSchema } from './schemas.js';

const liveQuery = z.object({
  site: siteIdSchema.optional().describe('Only this site (default: every site, those added later included).'),
});

const STREAM = [
  `\`text/event-stream\`. First \`retry: ${RETRY_MS}\` (the reconnection delay to use) and a comment line; then a comment line (\`: heartbeat\`) every LIVE_HEARTBEAT_MS (15 s);`,
  'and for each comment entering or leaving a view, `event: change` with `data:` a JSON object',
  `\`{ "site", "id", "view": ${REVIEW_VIEWS.map((v) => `"${v}"`).join(' | ')}, "change": "entered" | "left", "at": ISO time }\``,
  '(a held comment approved: `left` held, `entered` approved and decided). Nothing is replayed: after a reconnection, read GET /v1/review again.',
  'The stream ends at shutdown and when the server loses Redis; reconnect after `retry` with backoff.',
].join(' ');

export function liveRoutes(deps: AppDeps): Route[] {
  const { store, live } = deps;
  return [
    {
      method: 'get',
      path: '/v1/review/events',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: 'Live updates of the views: server-sent events each time a comment enters or leaves a view (held, re-flagged, reported, decided).',
      query: liveQuery,
      responses: {
        200: { description: STREAM, type: 'text/event-stream', schema: z.string() },
        400: { description: 'Invalid query.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
        503: { description: '`too_many_streams`: the process has LIVE_MAX_STREAMS open (poll meanwhile); `unavailable`: shutting down, or Redis is unreachable. With `Retry-After`.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(liveQuery, req.query, 'query');
        if (q.site !== undefined) await sitesInScope(store, q.site);
        live.stream(res, q.site);
      },
    },
  ];
}
