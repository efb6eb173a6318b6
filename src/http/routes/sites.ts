/** Operators manage sites: settings (mode, thresholds, languages, callback URL), their audit, the webhook secret. */
import { z } from 'zod';
import { refuseCallbackUrl } from '../../delivery/ssrf.js';
import { errors } from '../../platform/errors.js';
import { siteNameSchema } from '../../domain/site-name.js';
import { issueCoralSecret, listCoralSecrets, revokeCoralSecret } from '../../use-cases/coral-secrets.js';
import { applySitePatch } from '../../use-cases/patch-site.js';
import { siteSettings } from '../../use-cases/site-settings.js';
import { SITE_MODES, siteMode, type Site } from '../../store/sites.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { parse } from '../validate.js';
import { staffOf } from './moderation-schemas.js';
import { siteWarningSchema } from './review.js';
import { errorSchema } from './schemas.js';

const probability = z.number().min(0).max(1);

const patchBody = z.strictObject({
  name: siteNameSchema.optional(),
  mode: z.enum(SITE_MODES).optional().describe('`shadow`: score and count, but always tell the CMS ham.'),
  thresholds: z.strictObject({ review: probability.optional(), spam: probability.optional() }).nullable().optional(),
  languages: z.array(z.string().min(1).max(35)).max(20).nullable().optional().describe('BCP 47 tags, e.g. ["en", "ko"].'),
  domains: z
    .array(z.string().min(1).max(253))
    .max(20)
    .nullable()
    .optional()
    .describe('The site\'s own domains, e.g. ["harbour-news.net"]: readers link them, so they are never a flood.'),
  callbackUrl: z.string().max(2048).nullable().optional(),
  requireSignedWebhooks: z.boolean().optional().describe('Refuse comments without a valid Sluice-Signature header.'),
  shareMemory: z
    .boolean()
    .optional()
    .describe('Pool the campaign memory with the other sites that share theirs: what their moderators reject holds here too, and the reverse.'),
  trusted: z
    .boolean()
    .optional()
    .describe("Let the site's Akismet labels (made with its key alone) teach the global model too, capped to RETRAIN_SITE_SHARE of it."),
});

const rotateBody = z.object({
  graceHours: z.number().min(0).max(720).default(24).describe('How long callbacks also carry a signature with the old secret.'),
  force: z
    .boolean()
    .default(false)
    .describe('Rotate even while the previous rotation’s grace runs, dropping that previous secret at once (e.g. it leaked).'),
});

const coralSecretSchema = z.object({
  id: z.string().describe('Names the secret (the start of its SHA-256); revoke it by this.'),
  prefix: z.string().describe('Its first characters, to recognise it in Coral’s settings.'),
});
const issueCoralBody = z.object({
  keepPrevious: z.boolean().default(false).describe('Keep the older secrets valid until revoked (a rotation); otherwise they stop at once.'),
});

const siteSchema = z.object({
  id: z.string(),
  name: z.string(),
  mode: z.enum(SITE_MODES),
  callbackUrl: z.string().optional(),
  thresholds: z.object({ review: z.number(), spam: z.number() }).describe('Effective thresholds (the site’s, else the defaults).'),
  languages: z.array(z.string()),
  domains: z.array(z.string()).describe("The site's own registrable domains (never a flood)."),
  requireSignedWebhooks: z.boolean(),
  shareMemory: z.boolean().describe('Whether the site pools its campaign memory with the other sites that share theirs.'),
  trusted: z.boolean().describe("Whether the site's Akismet labels may teach the global model (an operator vouches for it)."),
  previousSecretExpiresAt: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string().optional(),
});
const auditSchema = z.object({ at: z.string(), by: z.string(), changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })) });

export function siteRoutes(deps: AppDeps): Route[] {
  const { store, config } = deps;
  /** A site as operators see it: effective settings, no secret. */
  const view = (site: Site) => {
    const { thresholds, languages } = siteSettings(site, config);
    return {
      id: site.id,
      name: site.name,
      mode: siteMode(site),
      ...(site.callbackUrl ? { callbackUrl: site.callbackUrl } : {}),
      thresholds,
      languages: [...languages],
      domains: [...(site.domains ?? [])],
      requireSignedWebhooks: site.requireSignedWebhooks === true,
      shareMemory: site.shareMemory === true,
      trusted: site.trusted === true,
      ...(site.previousWebhookSecret ? { previousSecretExpiresAt: site.previousWebhookSecret.expiresAt } : {}),
      createdAt: site.createdAt,
      ...(site.updatedAt ? { updatedAt: site.updatedAt } : {}),
    };
  };
  const found = <T = Site>(id: string, site: T | undefined): T => {
    if (!site) throw errors.notFound(`Site "${id}"`);
    return site;
  };
  return [
    {
      method: 'get',
      path: '/v1/sites',
      auth: ['operator'],
      tag: 'sites',
      summary: 'Every site with its effective settings.',
      responses: { 200: { description: 'The sites, by id.', schema: z.object({ sites: z.array(siteSchema) }) } },
      async handler(_req, res) {
        res.json({ sites: (await store.sites.list()).map(view) });
      },
    },
    {
      method: 'get',
      path: '/v1/sites/:id',
      auth: ['operator'],
      tag: 'sites',
      summary: 'One site, with the audit of its setting changes (newest first).',
      responses: {
        200: {
          description: 'The site and its audit, and its proxy warning while its comments all arrive from one address.',
          schema: siteSchema.extend({ audit: z.array(auditSchema), proxyWarning: siteWarningSchema.omit({ site: true }).optional() }),
        },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const id = String(req.params['id']);
        const site = found(id, await store.sites.get(id));
        const [audit, [warning]] = await Promise.all([store.sites.audit(id), store.readers.warnings([id])]);
        const proxyWarning = warning ? { code: warning.code, address: warning.address, since: warning.since, message: warning.message } : undefined;
        res.json({ ...view(site), audit, ...(proxyWarning ? { proxyWarning } : {}) });
      },
    },
    {
      method: 'patch',
      path: '/v1/sites/:id',
      auth: ['operator'],
      tag: 'sites',
      summary: 'Change settings: mode (enforcing|shadow), thresholds, languages, own domains, callback URL, signed webhooks, memory sharing, trust; null resets one. Audited.',
      body: patchBody,
      responses: {
        200: { description: 'The site as it is now.', schema: siteSchema },
        400: { description: 'Invalid settings, or a callback URL on a private network.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const id = String(req.params['id']);
        const patch = parse(patchBody, req.body);
        const refused = patch.callbackUrl ? refuseCallbackUrl(patch.callbackUrl, config.callbackAllowPrivate) : undefined;
        if (refused) throw errors.callbackUrlRefused(refused);
        const by = staffOf(principal).name;
        const site = await store.sites.update(id, (s) => applySitePatch(s, patch, config.thresholds, by, deps.now()));
        res.json(view(found(id, site)));
      },
    },
    {
      method: 'post',
      path: '/v1/sites/:id/rotate-secret',
      auth: ['operator'],
      tag: 'sites',
      summary: 'Replace the webhook secret; callbacks carry a second signature with the old one for the grace period.',
      body: rotateBody,
      responses: {
        200: {
          description: 'The new secret (shown once) and when the old one stops signing.',
          schema: z.object({ webhookSecret: z.string(), previousSecretExpiresAt: z.string() }),
        },
        400: { description: 'Invalid body.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
        409: { description: 'The previous rotation’s grace still runs (`rotation_in_grace`); send `force: true` to drop that secret now.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const id = String(req.params['id']);
        const { graceHours, force } = parse(rotateBody, req.body ?? {});
        const site = found(id, await store.sites.rotateSecret(id, graceHours * 3_600_000, staffOf(principal).name, deps.now(), force));
        if ('inGraceUntil' in site) throw errors.rotationInGrace(site.inGraceUntil);
        res.json({ webhookSecret: site.webhookSecret, previousSecretExpiresAt: site.previousWebhookSecret!.expiresAt });
      },
    },
    {
      method: 'get',
      path: '/v1/sites/:id/coral-secrets',
      auth: ['operator'],
      tag: 'sites',
      summary: 'The site’s Coral signing secrets, by id and prefix (never the secret).',
      responses: {
        200: { description: 'Its secrets; two or more during a rotation.', schema: z.object({ secrets: z.array(coralSecretSchema) }) },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res) {
        const id = String(req.params['id']);
        found(id, await store.sites.get(id));
        res.json({ secrets: await listCoralSecrets(store, id) });
      },
    },
    {
      method: 'post',
      path: '/v1/sites/:id/coral-secrets',
      auth: ['operator'],
      tag: 'sites',
      summary: 'Issue a Coral signing secret (shown once); `keepPrevious` keeps the older ones valid until revoked. Audited.',
      body: issueCoralBody,
      responses: {
        201: { description: 'The new secret, shown once.', schema: coralSecretSchema.extend({ coralSigningSecret: z.string() }) },
        400: { description: 'Invalid body.', schema: errorSchema },
        404: { description: 'No such site.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const id = String(req.params['id']);
        const { keepPrevious } = parse(issueCoralBody, req.body ?? {});
        const issued = found(id, await issueCoralSecret(store, id, keepPrevious, staffOf(principal).name, deps.now()));
        res.status(201).json({ id: issued.id, prefix: issued.prefix, coralSigningSecret: issued.secret });
      },
    },
    {
      method: 'delete',
      path: '/v1/sites/:id/coral-secrets/:secretId',
      auth: ['operator'],
      tag: 'sites',
      summary: 'Revoke one of the site’s Coral signing secrets (the end of a rotation, or a leak). Audited.',
      responses: {
        204: { description: 'Revoked: requests it signs are refused from now on.' },
        404: { description: 'No such site, or the site has no secret with this id.', schema: errorSchema },
      },
      async handler(req, res, principal) {
        const id = String(req.params['id']);
        const secretId = String(req.params['secretId']);
        if (!(await revokeCoralSecret(store, id, secretId, staffOf(principal).name, deps.now()))) throw errors.notFound(`Coral secret "${secretId}" of site "${id}"`);
        res.status(204).end();
      },
    },
  ];
}
