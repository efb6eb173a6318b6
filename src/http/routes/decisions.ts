/**
 * Moderators decide (one comment, many, a whole campaign, spam-and-block, approve-and-trust) and undo a decision
 * within the undo window; the CMS reports a published comment.
 */
import { z } from 'zod';
import { errors } from '../../platform/errors.js';
import { BLOCK_TARGETS, spamAndBlock } from '../../use-cases/block.js';
import { decideComment, decideMany } from '../../use-cases/decide.js';
import { LIST_TARGETS, listTargets } from '../../use-cases/list-targets.js';
import { approveAndTrust } from '../../use-cases/trust.js';
import { undoDecision, undoMany } from '../../use-cases/undo.js';
import { LIST_KINDS } from '../../scoring/site-lists.js';
import { reportComment } from '../../use-cases/report.js';
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

const listValue = z.string().min(1).max(253);
const blockBody = z.object({
  site: siteIdSchema,
  target: z.enum(BLOCK_TARGETS),
  value: listValue.optional().describe('Which of the comment\'s values to block (a domain: one of its link domains); default: its first link domain readers do not commonly link, its email, its IP.'),
  note: noteSchema.optional(),
});
const trustBody = z.object({
  site: siteIdSchema,
  target: z.enum(LIST_TARGETS),
  value: listValue.optional().describe("Which of the comment's values to trust; default: its first of that kind."),
  note: noteSchema.optional(),
});
const undoBody = z.object({ site: siteIdSchema, at: z.string().min(1).max(64).describe('The `at` of the decision to undo, as the decision response gave it.') });
const bulkUndoBody = z.object({
  comments: z.array(z.object({ site: siteIdSchema, id: commentIdSchema, at: z.string().min(1).max(64) })).min(1).max(MAX_BULK),
});
const targetSchema = z.object({
  target: z.enum(LIST_TARGETS),
  value: z.string(),
  list: z.enum(LIST_KINDS),
  refused: z.string().optional().describe('Why this would be refused (409), when it would.'),
});
const undoErrors = {
  400: { description: 'Invalid body.', schema: errorSchema },
  404: { description: 'No such comment.', schema: errorSchema },
  409: {
    description:
      'undo_nothing: no decision, or undone already; undo_stale: a later decision (or an edit, a report) came since; undo_expired: older than UNDO_WINDOW_SECONDS — decide again instead.',
    schema: errorSchema,
  },
} as const;
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
        400: { description: 'Invalid body, or `value` is not one of the comment\'s.', schema: errorSchema },
        409: { description: 'The comment has no such value to block, is not scored yet, or the value is one readers use (block_refused: a popular domain, the article\'s or the site\'s own domain, an allow-listed value, the site\'s proxy address).', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const body = parse(blockBody, req.body);
        res.json(await spamAndBlock(deps, { ...body, id: String(req.params['id']) }, staffOf(principal)));
      },
    },
    {
      method: 'get',
      path: '/v1/comments/:id/block-targets',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: 'What spam-and-block and approve-and-trust could put on the site\'s lists from this comment: every link domain, the email, the IP, each with why it would be refused.',
      query: siteQuery,
      responses: {
        200: { description: 'The values, as blocks and as trusts.', schema: z.object({ block: z.array(targetSchema), trust: z.array(targetSchema) }) },
        400: { description: 'Missing site.', schema: errorSchema },
        404: { description: 'No such comment.', schema: errorSchema },
      },
      async handler(req, res) {
        const { site } = parse(siteQuery, req.query, 'query');
        const id = String(req.params['id']);
        const record = await store.comments.get(site, id);
        if (!record) throw errors.notFound(`Comment "${id}" on site "${site}"`);
        res.json(await listTargets(store, record.comment));
      },
    },
    {
      method: 'post',
      path: '/v1/comments/:id/trust',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "Approve and trust: approve the comment (a decision, which can be undone) and add one of its link domains, its email or IP to the site's allow lists.",
      body: trustBody,
      responses: {
        200: {
          description: 'The comment approved, the decision, and the list entry (`added`: false when it was listed already).',
          schema: bulkOutcomeSchema.extend({ trusted: z.object({ list: z.string(), value: z.string(), added: z.boolean() }), decision: decisionSchema }),
        },
        ...bodyErrors,
        400: { description: 'Invalid body, or `value` is not one of the comment\'s.', schema: errorSchema },
        409: { description: 'trust_refused: the value is on a block list, a popular or free-mail domain, or the site\'s proxy address; or nothing to trust, not scored, edited meanwhile.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const body = parse(trustBody, req.body);
        res.json(await approveAndTrust(deps, { ...body, id: String(req.params['id']) }, staffOf(principal)));
      },
    },
    {
      method: 'post',
      path: '/v1/comments/:id/undo',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: "Undo the comment's last decision (within UNDO_WINDOW_SECONDS): verdict, queue, stats, corpus, memories and campaigns as before it; the CMS is told (event `undone`).",
      body: undoBody,
      responses: {
        200: {
          description: 'The verdict the comment has again, the decision marked undone, and whether the CMS is being told.',
          schema: z.object({ verdict: verdictSchema, undone: decisionSchema, notified: z.boolean() }),
        },
        ...undoErrors,
      },
      async handler(req, res, principal) {
        const body = parse(undoBody, req.body);
        res.json(await undoDecision(deps, { ...body, id: String(req.params['id']) }, staffOf(principal)));
      },
    },
    {
      method: 'post',
      path: '/v1/decisions/undo',
      auth: ['moderator', 'operator'],
      tag: 'moderation',
      summary: `Undo the last decisions of many comments (≤ ${MAX_BULK}), each named by its decision's \`at\`.`,
      body: bulkUndoBody,
      responses: {
        200: {
          description: 'What was undone, and what was not and why.',
          schema: z.object({
            undone: z.array(z.object({ site: z.string(), id: z.string() })),
            skipped: z.array(z.object({ site: z.string(), id: z.string(), code: z.string(), message: z.string() })),
          }),
        },
        400: bodyErrors[400],
      },
      async handler(req, res, principal) {
        const body = parse(bulkUndoBody, req.body);
        res.json(await undoMany(deps, body.comments, staffOf(principal)));
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
