/**
 * Akismet-compatible API: a CMS with an Akismet plugin switches to Sluice by changing the host name. The site's API
 * key is the Akismet key. Answers are Akismet's (plain text, its headers), including `invalid` for bad requests (a
 * body the parser refused too): that is what every Akismet client expects, so these routes keep the protocol rather
 * than Sluice's JSON errors. "Retry later" (429, 503) keeps its status and Retry-After, the reason in
 * X-akismet-debug-help.
 *
 * Trust: Akismet requests cannot be signed, so the key of a site that accepts signed comments only is not an Akismet
 * key (`invalid`); labels (submit-spam/ham) are admitted per site (src/http/label-admission.ts) and teach that site's
 * model, the global model only when the site is trusted (src/use-cases/global-corpus.ts).
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import { z } from 'zod';
import { AKISMET_THANKS, AkismetRequestError, akismetAnswer, akismetFieldsSchema, akismetKey, commentFromAkismet, isTest, type AkismetFields } from '../../integrations/akismet.js';
import type { Label } from '../../store/corpus.js';
import type { Site } from '../../store/sites.js';
import { rememberLabel } from '../../use-cases/remember.js';
import { exampleText, recordLabel } from '../../use-cases/label.js';
import { admitComment } from '../admission.js';
import type { AppDeps } from '../deps.js';
import { toAppError } from '../errors.js';
import { admitLabel } from '../label-admission.js';
import { noteFailure } from '../request-log.js';
import type { Route } from '../route.js';

const text = (description: string) => ({ description, type: 'text/plain', schema: z.string() });
const labelResponses = {
  200: text('Thanks, or `invalid` with X-akismet-debug-help.'),
  429: { description: "Too many labels from this site (RATE_LABEL_PER_MINUTE): Retry-After; the reason in X-akismet-debug-help." },
  503: { description: 'The training queue is full (MAX_TRAINING_QUEUE_DEPTH): Retry-After.' },
};

/** Replies as Akismet does to a request it cannot use. */
function invalid(res: Response, help: string): void {
  res.status(200).type('text/plain').set('X-akismet-debug-help', help).send('invalid');
}

/** Akismet's answers to the routes' errors (see the file header); a 5xx other than 503 goes on to the app's handler. */
function akismetErrors(limit: number): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const appError = toAppError(err, limit);
    if (appError.status >= 500 && appError.status !== 503) return next(err);
    noteFailure(res, appError);
    if (res.headersSent) return;
    if (appError.status === 429 || appError.status === 503) {
      res.status(appError.status).set(appError.headers).set('X-akismet-debug-help', appError.message).json(appError.toJSON());
    } else if (appError.status === 415) {
      // body-parser names the encoding or charset it refused; Sluice's own message would ask for JSON.
      invalid(res, `${(err as Error).message}: send the form as application/x-www-form-urlencoded, UTF-8`);
    } else invalid(res, appError.message);
  };
}

/** Why a key is not an Akismet key, as X-akismet-debug-help says it. */
const SIGNED_ONLY = 'This site accepts signed comments only (requireSignedWebhooks); Akismet requests cannot be signed: use the signed webhook';

export function akismetRoutes(deps: AppDeps): Route[] {
  const { store } = deps;

  /**
   * The site an Akismet key belongs to: a site API key (staff tokens are not Akismet keys), of a site that does not
   * require signed comments, with its record; otherwise the debug help of the `invalid` answer.
   */
  async function siteOfKey(key: string | undefined): Promise<{ site: string; record: Site | undefined } | { help: string }> {
    const principal = key ? await store.credentials.authenticate(key) : undefined;
    if (principal?.role !== 'cms') return { help: key ? 'Invalid API key' : 'Empty "api_key" value' };
    const record = await store.sites.get(principal.site);
    if (record?.requireSignedWebhooks) return { help: SIGNED_ONLY };
    return { site: principal.site, record };
  }

  /** The site of the request's key (and its record), and its parsed fields; or undefined after answering `invalid`. */
  async function authenticate(req: Request, res: Response): Promise<{ site: string; record: Site | undefined; fields: AkismetFields; raw: Record<string, unknown> } | undefined> {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const parsed = akismetFieldsSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      invalid(res, `Invalid "${issue?.path.join('.') ?? 'request'}" value: ${issue?.message ?? 'malformed'}`);
      return undefined;
    }
    const found = await siteOfKey(akismetKey(parsed.data, req.headers.host));
    if ('help' in found) {
      invalid(res, found.help);
      return undefined;
    }
    return { site: found.site, record: found.record, fields: parsed.data, raw };
  }

  const submit = (label: Label): Route['handler'] =>
    async (req, res) => {
      const auth = await authenticate(req, res);
      if (!auth) return;
      const comment = commentFromAkismet({ ...auth.fields, user_ip: auth.fields.user_ip ?? '0.0.0.0' }, auth.raw);
      if (!isTest(auth.fields)) {
        await admitLabel(deps, auth.site);
        await recordLabel(deps, { site: auth.site, id: comment.id, label, source: 'akismet', by: 'akismet', at: deps.now(), text: exampleText(comment) });
        // The key alone vouches for its own site: an untrusted site's labels stay out of the shared campaign memory.
        await rememberLabel(deps.store, auth.site, { shareMemory: auth.record?.shareMemory === true && auth.record.trusted === true }, comment, label, deps.now());
      }
      res.type('text/plain').send(AKISMET_THANKS);
    };

  const form = { parser: 'form', tag: 'akismet', auth: 'public', onError: akismetErrors(deps.config.maxBodyBytes) } as const;
  return [
    {
      ...form,
      method: 'post',
      path: '/1.1/verify-key',
      summary: 'Akismet verify-key: `valid` when `key` is a site API key.',
      responses: { 200: text('`valid` or `invalid`.') },
      async handler(req, res) {
        const key = akismetKey(req.body ?? {}, undefined);
        const found = await siteOfKey(typeof key === 'string' ? key : undefined);
        if ('site' in found) return void res.type('text/plain').send('valid');
        invalid(res, key ? found.help : 'Empty "key" value');
      },
    },
    {
      ...form,
      method: 'post',
      path: '/1.1/comment-check',
      summary: 'Akismet comment-check: scores within the request; `true` (spam or held) or `false`, with X-akismet-pro-tip: discard for blatant spam.',
      responses: { 200: text('`true`, `false`, or `invalid` with X-akismet-debug-help.') },
      async handler(req, res) {
        const auth = await authenticate(req, res);
        if (!auth) return;
        let comment;
        try {
          comment = commentFromAkismet(auth.fields, auth.raw);
        } catch (err) {
          if (err instanceof AkismetRequestError) return void invalid(res, err.message);
          throw err;
        }
        // The limits of every ingest door; a 429 makes Akismet clients hold the comment and check it again later.
        await admitComment(deps, req, { site: auth.site, authorIp: comment.author.ip });
        const verdict = await deps.scoreNow(auth.site, comment, { via: 'akismet', ...(isTest(auth.fields) ? { test: true } : {}) });
        const answer = akismetAnswer(verdict);
        res.type('text/plain').set(answer.headers).send(answer.body);
      },
    },
    { ...form, method: 'post', path: '/1.1/submit-spam', summary: 'Akismet submit-spam: a missed spam, learned (unless is_test) by the site, and by the global model if the site is trusted.', responses: labelResponses, handler: submit('spam') },
    { ...form, method: 'post', path: '/1.1/submit-ham', summary: 'Akismet submit-ham: a false positive, learned (unless is_test) by the site, and by the global model if the site is trusted.', responses: labelResponses, handler: submit('ham') },
  ];
}
