/**
 * Akismet-compatible API: a CMS with an Akismet plugin switches to Sluice by changing the host name. The site's API
 * key is the Akismet key. Answers are Akismet's (plain text, its headers), including `invalid` for bad requests: that
 * is what every Akismet client expects, so these routes keep the protocol rather than Sluice's JSON errors.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { AKISMET_THANKS, AkismetRequestError, akismetAnswer, akismetFieldsSchema, akismetKey, commentFromAkismet, isTest, type AkismetFields } from '../../integrations/akismet.js';
import type { Label } from '../../store/corpus.js';
import { rememberLabel } from '../../moderation/remember.js';
import { exampleText, recordLabel } from '../../training/label.js';
import { admitComment } from '../admission.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';

const text = (description: string) => ({ description, type: 'text/plain', schema: z.string() });

/** Replies as Akismet does to a request it cannot use. */
function invalid(res: Response, help: string): void {
  res.status(200).type('text/plain').set('X-akismet-debug-help', help).send('invalid');
}

export function akismetRoutes(deps: AppDeps): Route[] {
  const { store } = deps;

  /** The site an Akismet key belongs to: a site API key (staff tokens are not Akismet keys). */
  async function siteOfKey(key: string | undefined): Promise<string | undefined> {
    const principal = key ? await store.credentials.authenticate(key) : undefined;
    return principal?.role === 'cms' ? principal.site : undefined;
  }

  /** The site of the request's key, and its parsed fields; or undefined after answering `invalid`. */
  async function authenticate(req: Request, res: Response): Promise<{ site: string; fields: AkismetFields; raw: Record<string, unknown> } | undefined> {
    const raw = (req.body ?? {}) as Record<string, unknown>;
    const parsed = akismetFieldsSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      invalid(res, `Invalid "${issue?.path.join('.') ?? 'request'}" value: ${issue?.message ?? 'malformed'}`);
      return undefined;
    }
    const key = akismetKey(parsed.data, req.headers.host);
    const site = await siteOfKey(key);
    if (!site) {
      invalid(res, key ? 'Invalid API key' : 'Empty "api_key" value');
      return undefined;
    }
    return { site, fields: parsed.data, raw };
  }

  const submit = (label: Label): Route['handler'] =>
    async (req, res) => {
      const auth = await authenticate(req, res);
      if (!auth) return;
      const comment = commentFromAkismet({ ...auth.fields, user_ip: auth.fields.user_ip ?? '0.0.0.0' }, auth.raw);
      if (!isTest(auth.fields)) {
        await recordLabel(deps, { site: auth.site, id: comment.id, label, source: 'akismet', by: 'akismet', at: deps.now(), text: exampleText(comment) });
        await rememberLabel(deps.store, auth.site, await deps.store.sites.get(auth.site), comment, label, deps.now());
      }
      res.type('text/plain').send(AKISMET_THANKS);
    };

  const form = { parser: 'form', tag: 'akismet', auth: 'public' } as const;
  return [
    {
      ...form,
      method: 'post',
      path: '/1.1/verify-key',
      summary: 'Akismet verify-key: `valid` when `key` is a site API key.',
      responses: { 200: text('`valid` or `invalid`.') },
      async handler(req, res) {
        const key = akismetKey(req.body ?? {}, undefined);
        if (await siteOfKey(typeof key === 'string' ? key : undefined)) return void res.type('text/plain').send('valid');
        invalid(res, key ? 'Invalid API key' : 'Empty "key" value');
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
    { ...form, method: 'post', path: '/1.1/submit-spam', summary: 'Akismet submit-spam: a missed spam, learned (unless is_test).', responses: { 200: text('Thanks.') }, handler: submit('spam') },
    { ...form, method: 'post', path: '/1.1/submit-ham', summary: 'Akismet submit-ham: a false positive, learned (unless is_test).', responses: { 200: text('Thanks.') }, handler: submit('ham') },
  ];
}
