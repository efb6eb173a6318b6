/**
 * The moderator page: one HTML document and its bundled assets (built by ui/build.mjs into dist/ui). The page holds
 * no secret: it asks for a token, keeps it in sessionStorage and sends it as a Bearer header, so the HTML and assets
 * are public. Asset names carry a content hash, so they are cached for a year; the HTML is revalidated every time.
 */
import { existsSync } from 'node:fs';
import { errors } from '../../errors.js';
import { fromRoot } from '../../paths.js';
import type { AppDeps } from '../deps.js';
import type { Route } from '../route.js';
import { errorSchema } from './schemas.js';

/** Where the build puts the page. */
export const UI_DIR = fromRoot('dist', 'ui');

/** No inline script or style, no framing, nothing from elsewhere. */
export const PAGE_CSP = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

const ASSET = /^[A-Za-z0-9_-]+\.[0-9A-Za-z_-]{6,}\.(js|css|svg)$/;

export function moderateRoutes(_deps: AppDeps): Route[] {
  return [
    {
      method: 'get',
      path: '/moderate',
      auth: 'public',
      tag: 'moderation',
      summary: 'The moderator page (HTML); it signs in with a moderator token.',
      responses: {
        200: { description: 'The page.', type: 'text/html' },
        503: { description: 'The page was not built (npm run build).', schema: errorSchema },
      },
      handler(_req, res) {
        const page = `${UI_DIR}/index.html`;
        if (!existsSync(page)) throw errors.unavailable('The moderator page is not built: run npm run build.', 60);
        res.set({ 'Content-Security-Policy': PAGE_CSP, 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' });
        res.sendFile(page, { headers: { 'Cache-Control': 'no-cache' } });
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
