/**
 * The moderators' reading routes: the views of the comments (the review queue, what the machine rejected, what is
 * published, what people decided, everything, the shadow-mode would-have-held view) with search, an author's history,
 * and the campaigns.
 */
import { z } from 'zod';
import { authorHistory } from '../../use-cases/author-history.js';
import { AUTHOR_KEYS, type AuthorKey } from '../../store/index-terms.js';
import { listReview, REVIEW_VIEWS } from '../../use-cases/review-list.js';
import { CAMPAIGN_KINDS, type CampaignKind } from '../../scoring/campaign.js';
import { ALL_SITES, type CampaignSummary } from '../../store/campaigns.js';
import type { Store } from '../../store/index.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { campaignSummarySchema, commentIdSchema, reviewItemSchema, siteIdSchema, sitesInScope, storedCommentSchema } from './moderation-schemas.js';
import { errorSchema, verdictSchema } from './schemas.js';

const score = z.coerce.number().min(0).max(1);

const reviewQuery = z.object({
  site: siteIdSchema.optional().describe('Only this site (default: every site).'),
  view: z
    .enum(REVIEW_VIEWS)
    .default('held')
    .describe(
      '`held`: the queue; `rejected`: rejected by the machine, not decided by a person; `approved`: published (ham by the machine, or approved by a person); `decided`: decided by people; `all`; `would-have-held`: what shadow-mode sites would have held or rejected.',
    ),
  post: z.string().max(512).optional().describe('Only comments on this post id.'),
  reason: z.string().max(64).optional().describe('Only comments with this reason code, or family (`lexicon`).'),
  campaign: z
    .string()
    .max(256)
    .regex(new RegExp(`^(${CAMPAIGN_KINDS.join('|')}):.+$`, 's'), 'expected kind:value, e.g. domain:casino.xyz')
    .optional()
    .describe('Only comments of this campaign, as `kind:value` (`domain:woori-casino.xyz`).'),
  q: z
    .string()
    .max(256)
    .optional()
    .describe('Search: every word (folded as comment text is, so styled and spaced-out spellings match), e-mail, IP or domain must be in the content or author fields.'),
  minScore: score.optional(),
  maxScore: score.optional(),
  since: z.iso.datetime({ offset: true }).optional().describe('Only comments received at or after this time.'),
  until: z.iso.datetime({ offset: true }).optional().describe('Only comments received at or before this time.'),
  sort: z.enum(['age', 'score']).default('age'),
  order: z.enum(['asc', 'desc']).optional().describe('Default: oldest first by age, highest first by score.'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous page.'),
});

const relatedQuery = z.object({
  site: siteIdSchema.describe("The comment's site."),
  by: z
    .string()
    .regex(new RegExp(`^(${AUTHOR_KEYS.join('|')})(,(${AUTHOR_KEYS.join('|')}))*$`), `expected a comma-separated list of ${AUTHOR_KEYS.join(', ')}`)
    .optional()
    .describe('Match only on these author keys (default: all).'),
  everywhere: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true')
    .describe('`true`: every site in scope; `false`: only the comment\'s site.'),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  cursor: z.string().max(512).optional().describe('`nextCursor` of the previous page.'),
});

const relatedItemSchema = z.object({
  site: z.string(),
  id: z.string(),
  comment: storedCommentSchema,
  status: z.string(),
  verdict: verdictSchema.optional(),
  matched: z.array(z.enum(AUTHOR_KEYS)).describe('The author keys it shares with the comment.'),
});

const campaignsQuery = z.object({
  site: siteIdSchema.optional().describe('Only this site (default: every site together).'),
  state: z.enum(['held', 'all']).default('held').describe('`held`: ranked by comments still held; `all`: by held and rejected.'),
  min: z.coerce.number().int().min(1).max(10_000).default(2).describe('Smallest campaign to list.'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  examples: z.coerce.number().int().min(0).max(10).default(3),
});

const exampleSchema = z.object({
  site: z.string(),
  id: z.string(),
  postId: z.string(),
  author: z.string().optional(),
  content: z.string(),
  score: z.number().optional(),
  verdict: z.string().optional(),
  status: z.string(),
});
const campaignWithExamples = campaignSummarySchema.extend({ examples: z.array(exampleSchema) });

/** A few comments of a campaign, newest first, for the page to show what it is. */
async function examplesOf(store: Store, scope: string, c: CampaignSummary, which: 'held' | 'members', n: number) {
  const members = n ? await store.campaigns.members(scope, c, which, n) : [];
  const records = await Promise.all(members.map((m) => store.comments.get(m.site, m.id)));
  return records.flatMap((r) =>
    r
      ? [
          {
            site: r.comment.site,
            id: r.comment.id,
            postId: r.comment.postId,
            ...(r.comment.author.name ? { author: r.comment.author.name } : {}),
            content: r.comment.content.slice(0, 280),
            ...(r.verdict ? { score: r.verdict.score, verdict: r.verdict.verdict } : {}),
            status: r.status,
          },
        ]
      : [],
  );
}

/** A warning about a site (src/store/readers.ts). */
export const siteWarningSchema = z.object({ site: z.string(), code: z.literal('site.proxy-address'), address: z.string(), since: z.string(), message: z.string() });

export function reviewRoutes(deps: AppDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: 'get',
      path: '/v1/review',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: 'The held comments with their verdict, reasons, evidence and campaigns; filtered, sorted, paged.',
      query: reviewQuery,
      responses: {
        200: {
          description: 'A page of the queue.',
          schema: z.object({
            items: z.array(reviewItemSchema),
            total: z.number().int(),
            totalCapped: z.boolean().describe('A search for common words stopped counting at 10,000 matches per site and view state: `total` is a lower bound.'),
            nextCursor: z.string().nullable(),
            counts: z.record(z.enum(REVIEW_VIEWS), z.number().int()).describe('Comments in each view of the sites listed, without the other filters.'),
            warnings: z.array(siteWarningSchema).describe('Problems of the sites in scope a moderator should know of, e.g. `site.proxy-address`.'),
          }),
        },
        400: { description: 'Invalid filter or cursor.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(reviewQuery, req.query, 'query');
        const sites = await sitesInScope(store, q.site);
        const order = q.order ?? (q.sort === 'age' ? 'asc' : 'desc');
        const since = q.since === undefined ? undefined : new Date(q.since);
        const until = q.until === undefined ? undefined : new Date(q.until);
        const cut = q.campaign?.indexOf(':') ?? -1;
        const campaign = q.campaign === undefined ? undefined : { kind: q.campaign.slice(0, cut) as CampaignKind, value: q.campaign.slice(cut + 1) };
        const [page, warnings] = await Promise.all([listReview(store, { ...q, sites, order, since, until, campaign }), store.readers.warnings(sites)]);
        res.json({ ...page, warnings });
      },
    },
    {
      method: 'get',
      path: '/v1/comments/:id/related',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "The author's history: other comments sharing this comment's author name, e-mail, IP or a link domain, newest first.",
      query: relatedQuery,
      responses: {
        200: {
          description: 'A page of related comments with their verdicts and what they matched on.',
          schema: z.object({
            author: z.array(z.object({ key: z.enum(AUTHOR_KEYS), term: z.string() })).describe('The author keys looked up, as filed.'),
            items: z.array(relatedItemSchema),
            nextCursor: z.string().nullable(),
          }),
        },
        400: { description: 'Invalid query or cursor.', schema: errorSchema },
        404: { description: 'No such site or comment.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(relatedQuery, req.query, 'query');
        const id = parse(commentIdSchema, String(req.params['id']), 'path');
        const own = await sitesInScope(store, q.site);
        const sites = q.everywhere ? await sitesInScope(store, undefined) : own;
        const by = q.by?.split(',') as AuthorKey[] | undefined;
        res.json(await authorHistory(store, { site: q.site, id, sites, by, limit: q.limit, cursor: q.cursor }));
      },
    },
    {
      method: 'get',
      path: '/v1/campaigns',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: 'The largest active campaigns (comments sharing a link domain, author name, near-identical text or brand).',
      query: campaignsQuery,
      responses: {
        200: { description: 'Largest first, with a few example comments.', schema: z.object({ campaigns: z.array(campaignWithExamples) }) },
        400: { description: 'Invalid query.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const q = parse(campaignsQuery, req.query, 'query');
        const scope = q.site === undefined ? ALL_SITES : (await sitesInScope(store, q.site))[0]!;
        const found = await store.campaigns.largest(scope, q.state, q.min, q.limit);
        const which = q.state === 'held' ? 'held' : 'members';
        const campaigns = await Promise.all(found.map(async (c) => ({ ...c, examples: await examplesOf(store, scope, c, which, q.examples) })));
        res.json({ campaigns });
      },
    },
  ];
}
