/** Moderators decide (one comment, many, a whole campaign, or spam-and-block); the CMS reports a published comment. */
import { z } from 'zod';
import { errors } from '../../errors.js';
import { BLOCK_TARGETS, spamAndBlock } from '../../moderation/ban.js';
import { decideComment, decideMany } from '../../moderation/decide.js';
import { reportComment } from '../../moderation/report.js';
import { ALL_SITES } from '../../store/campaigns.js';
import type { AppDeps } from '../deps.js';
import { principalOf, type Route } from '../route.js';
import { parse } from '../validate.js';
import {
  bulkOutcomeSchema,
  campaignKeySchema,
  commentIdSchema,
  decisionSchema,
  noteSchema,
  siteIdSchema,
  sitesInScope,
  staffOf,
} from './moderation-schemas.js';
import { errorSchema, verdictSchema } from './schemas.js';

const humanVerdict = z.enum(['ham', 'spam']);
const decisionBody = z.object({ site: siteIdSchema, verdict: humanVerdict, note: noteSchema.optional() });
const siteQuery = z.object({ site: siteIdSchema });
const MAX_BULK = 500;

const bulkBody = z
  .object({
    verdict: humanVerdict,
    note: noteSchema.optional(),
    site: siteIdSchema.optional().describe('The site of `ids`; for `campaign`, limits it to one site (default: every site).'),
    ids: z.array(commentIdSchema).min(1).max(MAX_BULK).optional(),
    comments: z.array(z.object({ site: siteIdSchema, id: commentIdSchema })).min(1).max(MAX_BULK).optional(),
    campaign: campaignKeySchema.optional().describe("Decide the campaign's held comments."),
  })
  .refine((b) => [b.ids, b.comments, b.campaign].filter(Boolean).length === 1, 'give exactly one of ids, comments, campaign')
  .refine((b) => !b.ids || b.site, { message: 'required with ids', path: ['site'] });

const blockBody = z.object({ site: siteIdSchema, target: z.enum(BLOCK_TARGETS), note: noteSchema.optional() });
const reportBody = z.object({ reason: z.string().max(500).optional() });

const bodyErrors = {
  400: { description: 'Invalid body.', schema: errorSchema },
  404: { description: 'No such comment (or site).', schema: errorSchema },
  409: { description: 'Not scored yet, or edited meanwhile.', schema: errorSchema },
} as const;

export function decisionRoutes(deps: AppDeps): Route[] {
  const { store } = deps;
  return [
    {
      method: 'post',
      path: '/v1/comments/:id/decision',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: 'Decide a comment ham or spam: kept in its history, sent to the CMS, learned by the classifier.',
      body: decisionBody,
      responses: {
        200: {
          description: 'The verdict it made, the decision, whether the corpus changed and whether the CMS is being told.',
          schema: z.object({ verdict: verdictSchema, decision: decisionSchema, learned: z.boolean(), notified: z.boolean() }),
        },
        ...bodyErrors,
      },
      async handler(req, res, principal) {
        const body = parse(decisionBody, req.body);
        res.json(await decideComment(deps, { ...body, id: String(req.params['id']) }, staffOf(principal)));
      },
    },
    {
      method: 'get',
      path: '/v1/comments/:id/decisions',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "A comment's decision history, oldest first.",
      query: siteQuery,
      responses: {
        200: { description: 'Every decision, kept.', schema: z.object({ decisions: z.array(decisionSchema) }) },
        400: { description: 'Missing site.', schema: errorSchema },
        404: { description: 'No such comment.', schema: errorSchema },
      },
      async handler(req, res) {
        const { site } = parse(siteQuery, req.query, 'query');
        const id = String(req.params['id']);
        if (!(await store.comments.get(site, id))) throw errors.notFound(`Comment "${id}" on site "${site}"`);
        res.json({ decisions: await store.decisions.history(site, id) });
      },
    },
    {
      method: 'post',
      path: '/v1/decisions',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: `Decide many comments at once (≤ ${MAX_BULK}): by ids of one site, by {site, id} pairs, or a campaign's held comments.`,
      body: bulkBody,
      responses: {
        200: { description: 'What was decided, and what was skipped and why.', schema: bulkOutcomeSchema },
        400: bodyErrors[400],
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const b = parse(bulkBody, req.body);
        const by = staffOf(principal);
        let targets = b.comments ?? (b.ids ?? []).map((id) => ({ site: b.site!, id }));
        if (b.campaign) {
          const scope = b.site === undefined ? ALL_SITES : (await sitesInScope(store, b.site))[0]!;
          targets = await store.campaigns.members(scope, b.campaign, 'held', MAX_BULK);
        }
        res.json(await decideMany(deps, targets, b.verdict, b.note, by));
      },
    },
    {
      method: 'post',
      path: '/v1/comments/:id/block',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "Spam and block: reject the comment, add its link domain, author email or IP to the site's block lists, reject the held comments sharing it.",
      body: blockBody,
      responses: {
        200: {
          description: 'The list entry, and the comments rejected.',
          schema: bulkOutcomeSchema.extend({ blocked: z.object({ list: z.string(), value: z.string(), added: z.boolean() }) }),
        },
        ...bodyErrors,
        409: { description: 'The comment has no such value to block, is not scored yet, or the value is one readers use (block_refused: a popular domain, the article\'s or the site\'s own domain, an allow-listed value).', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const body = parse(blockBody, req.body);
        res.json(await spamAndBlock(deps, { ...body, id: String(req.params['id']) }, staffOf(principal)));
      },
    },
    {
      method: 'post',
      path: '/v1/comments/:id/report',
      auth: ['cms'],
      tag: 'comments',
      summary: 'Report a published comment: it goes back to the review queue with the reason `reported`.',
      body: reportBody,
      responses: {
        200: {
          description: '`held`, or `already-held` when it was in the queue.',
          schema: z.object({ id: z.string(), outcome: z.enum(['held', 'already-held']), status: z.string(), verdict: z.string() }),
        },
        400: bodyErrors[400],
        404: { description: 'No such comment.', schema: errorSchema },
        409: { description: 'Not scored yet, or already rejected.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const p = principalOf(principal);
        const { reason } = parse(reportBody, req.body ?? {});
        const id = String(req.params['id']);
        const site = p.role === 'cms' ? p.site : '';
        const { outcome, verdict } = await reportComment(deps, { site, id, reason });
        res.json({ id, outcome, status: verdict.status, verdict: verdict.verdict });
      },
    },
  ];
}
