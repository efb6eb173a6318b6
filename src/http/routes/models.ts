/** Operators' model life cycle: corpus imports, retraining, the registry, activation (roll forward or back). */
import { z } from 'zod';
import { DatasetError, parseJsonLines } from '../../classifier/dataset.js';
import { errors } from '../../platform/errors.js';
import { MODEL_STATES } from '../../store/models.js';
import { importExamples } from '../../use-cases/import-examples.js';
import type { AppDeps } from '../deps.js';
import { principalOf, type Route } from '../route.js';
import { parse } from '../validate.js';
import { errorSchema } from './schemas.js';

const modelSchema = z.object({
  version: z.string(),
  state: z.enum(MODEL_STATES),
  created: z.string(),
  trainingSet: z.object({ size: z.number(), sha256: z.string() }),
  evaluation: z.record(z.string(), z.unknown()).optional(),
  reason: z.string().optional(),
  activatedAt: z.string().optional(),
  activatedBy: z.string().optional(),
});
const importQuery = z.object({ site: z.string().min(1).max(64).optional().describe('Site whose corpus and live model learn them; omit for the global corpus.') });
const nameOf = (p: ReturnType<typeof principalOf>): string => (p.role === 'cms' ? `site:${p.site}` : p.name);

export function modelRoutes(deps: AppDeps): Route[] {
  const { store, queues } = deps;
  const operator = ['operator'] as const;
  return [
    {
      method: 'get',
      path: '/v1/models',
      auth: operator,
      tag: 'models',
      summary: 'Model versions with their evaluation and state, newest first, and the active one.',
      responses: { 200: { description: 'The registry.', schema: z.object({ active: z.string().nullable(), models: z.array(modelSchema) }) } },
      async handler(_req, res) {
        const [active, models] = await Promise.all([store.models.activeVersion(), store.models.list()]);
        res.json({ active: active ?? null, models });
      },
    },
    {
      method: 'get',
      path: '/v1/models/:version',
      auth: operator,
      tag: 'models',
      summary: 'One model version.',
      responses: { 200: { description: 'The record.', schema: modelSchema }, 404: { description: 'Unknown version.', schema: errorSchema } },
      async handler(req, res) {
        const record = await store.models.get(String(req.params['version']));
        if (!record) throw errors.notFound(`Model "${String(req.params['version'])}"`);
        res.json(record);
      },
    },
    {
      method: 'post',
      path: '/v1/models/:version/activate',
      auth: operator,
      tag: 'models',
      summary: 'Make a version active on every worker (roll back or forward); workers swap within seconds. A candidate refused on the frozen evaluation set cannot be.',
      responses: {
        200: { description: 'Now active.', schema: modelSchema },
        404: { description: 'Unknown version.', schema: errorSchema },
        409: { description: 'The candidate was refused on the frozen evaluation set (its reason says why).', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const version = String(req.params['version']);
        const frozen = (await store.models.get(version))?.evaluation?.['frozen'] as { pass?: boolean; reason?: string } | undefined;
        if (frozen?.pass === false) throw errors.conflict(`Model "${version}" cannot be activated: ${frozen.reason ?? 'refused on the frozen evaluation set'}.`);
        if (!(await store.models.activate(version, nameOf(principalOf(principal)), deps.now()))) throw errors.notFound(`Model "${version}"`);
        res.json(await store.models.get(version));
      },
    },
    {
      method: 'post',
      path: '/v1/models/retrain',
      auth: operator,
      tag: 'models',
      summary: 'Queue a retrain: candidate from the global training set (staff and trusted sites, each site capped), evaluated against the active model on the newest slice of each source and on the frozen set, promoted only if no worse.',
      responses: { 202: { description: 'Queued; follow it at /v1/training/jobs/{id}.', schema: z.object({ jobId: z.string() }) } },
      async handler(_req, res, principal) {
        const jobId = await queues.enqueueTraining({ kind: 'retrain', requestedBy: nameOf(principalOf(principal)) });
        res.status(202).json({ jobId });
      },
    },
    {
      method: 'get',
      path: '/v1/training/jobs/:id',
      auth: operator,
      tag: 'models',
      summary: 'State of a training job and, when finished, its outcome.',
      responses: {
        200: { description: 'The job.', schema: z.object({ id: z.string(), state: z.string(), result: z.unknown().optional(), error: z.string().optional() }) },
        404: { description: 'Unknown job.', schema: errorSchema },
      },
      async handler(req, res) {
        const id = String(req.params['id']);
        const seen = await queues.training.getJob(id);
        if (!seen) throw errors.notFound(`Training job "${id}"`);
        const state = await seen.getState();
        // A job read while active and found finished by the state read after it: read again for its result (the
        // result and the state are written together, so this read has both).
        const job = state === 'completed' || state === 'failed' ? ((await queues.training.getJob(id)) ?? seen) : seen;
        res.json({ id: job.id, state, ...(job.returnvalue !== undefined && job.returnvalue !== null ? { result: job.returnvalue } : {}), ...(job.failedReason ? { error: job.failedReason } : {}) });
      },
    },
    {
      method: 'post',
      path: '/v1/training/examples',
      auth: operator,
      tag: 'models',
      parser: 'text',
      bodyType: 'application/x-ndjson',
      summary: 'Import labelled examples as JSON lines `{ id, content, contentType?, author?: {name, url}, label: "spam"|"ham" }`. All or nothing: one bad line refuses the whole body.',
      query: importQuery,
      responses: {
        200: { description: 'Imported.', schema: z.object({ imported: z.number(), unchanged: z.number(), learnJobs: z.number() }) },
        400: { description: 'A line is invalid; the message names it.', schema: errorSchema },
        415: { description: 'Not JSON lines.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        if (typeof req.body !== 'string') throw errors.unsupportedMediaType('application/x-ndjson');
        const { site } = parse(importQuery, req.query, 'query');
        if (site && !(await store.sites.get(site))) throw errors.notFound(`Site "${site}"`);
        let examples;
        try {
          examples = parseJsonLines(req.body, 'import');
        } catch (err) {
          if (err instanceof DatasetError) throw errors.validation(err.message);
          throw err;
        }
        if (examples.length === 0) throw errors.validation('The body holds no example.');
        res.json(await importExamples(deps, examples, { site, by: nameOf(principalOf(principal)), at: deps.now() }));
      },
    },
  ];
}
