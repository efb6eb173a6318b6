/**
 * The moderator page: one HTML document and its bundled assets (built by ui/build.mjs into dist/ui). The page holds
 * no secret: it asks for a token, keeps it in sessionStorage and sends it as a Bearer header, so the HTML and assets
 * are public. Asset names carry a content hash, so they are cached for a year; the HTML is revalidated every time.
 * The HTML is built once per language (index.<code>.html); the one Accept-Language prefers is served, so the first
 * paint has the right `<html lang>` and text before the script settles the language.
 */
import { existsSync, readdirSync } from 'node:fs';
import { errors } from '../../platform/errors.js';
import { fromRoot } from '../../platform/paths.js';
import { preferredLanguage } from '../accept-language.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { errorSchema } from './schemas.js';

/** Where the build puts the page. */
export const UI_DIR = fromRoot('dist', 'ui');

/** No inline script or style, no framing, nothing from elsewhere. */
export const PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

const ASSET = /^[A-Za-z0-9_-]+\.[0-9A-Za-z_-]{6,}\.(js|css|svg)$/;

/** A language's page, as ui/build.mjs names it. */
const PAGE = /^index\.([a-z]{2,3})\.html$/;

/** The languages the page was built in (`en`, `ko`): read from the build's files, so a new catalogue needs no change here. */
function builtLanguages(): string[] {
  return readdirSync(UI_DIR).flatMap((file) => PAGE.exec(file)?.[1] ?? []);
}

export function moderateRoutes(_deps: AppDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/moderate',
      auth: 'public',
      tag: 'moderation',
      summary: 'The moderator page (HTML); it signs in with a moderator token. In the language Accept-Language prefers among those built (English by default).',
      responses: {
        200: { description: 'The page, `<html lang>` and its static text in the language chosen (Content-Language; Vary: Accept-Language).', type: 'text/html' },
        503: { description: 'The page was not built (npm run build).', schema: errorSchema },
      },
      handler(req, res) {
        if (!existsSync(`${UI_DIR}/index.html`)) throw errors.unavailable('The moderator page is not built: run npm run build.', 60);
        const lang = preferredLanguage(req.get('accept-language'), builtLanguages());
        res.set({ 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', Vary: 'Accept-Language' });
        if (lang) res.set('Content-Language', lang);
        res.sendFile(lang ? `index.${lang}.html` : 'index.html', { root: UI_DIR, headers: { 'Cache-Control': 'no-cache' } });
      },
    },
    {
      method: 'get',
      path: '/moderate/assets/:file',
      auth: 'public',
      tag: 'moderation',
      summary: 'A script, style sheet or icon of the moderator page (content-hashed name, cached for a year).',
      responses: {
        200: { description: 'The asset.', type: 'application/octet-stream' },
        404: { description: 'No such asset.', schema: errorSchema },
      },
      handler(req, res) {
        const file = String(req.params['file']);
        if (!ASSET.test(file) || !existsSync(`${UI_DIR}/assets/${file}`)) throw errors.notFound(`Asset "${file}"`);
        res.set({ 'X-Content-Type-Options': 'nosniff' });
        res.sendFile(file, { root: `${UI_DIR}/assets`, maxAge: '365d', immutable: true });
      },
    },
  ];
}
