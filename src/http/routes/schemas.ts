/** Response schemas shared by route groups (for validation in tests and for the OpenAPI document). */
import { z } from 'zod';
import { COMMENT_STATUSES, VERDICT_CLASSES } from '../../domain/verdict.js';

export const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export const evidenceSchema = z.object({ field: z.string(), match: z.string() });

export const reasonSchema = z.object({
  code: z.string().describe('Stable dotted name, e.g. link.count, lexicon.author, bayes.'),
  weight: z.number().describe('Contribution in log-odds; the weights of all reasons sum to logit(score).'),
  message: z.string(),
  evidence: z.array(evidenceSchema).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});

export const verdictSchema = z.object({
  id: z.string(),
  site: z.string(),
  status: z.enum(COMMENT_STATUSES),
  verdict: z.enum(VERDICT_CLASSES),
  discard: z.boolean(),
  score: z.number().min(0).max(1),
  reasons: z.array(reasonSchema),
  counterfactual: z
    .array(z.object({ code: z.string(), evidence: z.array(evidenceSchema).optional(), message: z.string().describe('e.g. "ham without the link to casinositekr.xyz"') }))
    .optional()
    .describe('The fewest reasons without which the comment would have been ham.'),
  model: z.string(),
  receivedAt: z.string(),
  scoredAt: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
});

export const queuedSchema = z.object({
  id: z.string(),
  site: z.string().optional(),
  status: z.enum(COMMENT_STATUSES),
  receivedAt: z.string().optional(),
});
