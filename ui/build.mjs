// Builds the moderator page into dist/ui: one bundled, minified script and style sheet with content-hashed names
// (served with a year of cache), an icon, and index.html pointing at them, once per language (index.<code>.html, its
// lang and static text from ui/src/messages; index.html is the default language's). Run after `tsc -p ui` type-checks it.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'dist', 'ui');
const assets = join(out, 'assets');
rmSync(out, { recursive: true, force: true });
mkdirSync(assets, { recursive: true });

const result = await build({
  entryPoints: [join(here, 'src', 'main.ts'), join(here, 'src', 'styles.css')],
  outdir: assets,
  entryNames: '[name].[hash]',
  bundle: true,
  minify: true,
  sourcemap: false,
  format: 'esm',
  target: ['chrome110', 'firefox110', 'safari16'],
  metafile: true,
  legalComments: 'none',
  logLevel: 'warning',
});
const built = Object.keys(result.metafile.outputs).map((p) => basename(p));
const script = built.find((f) => f.startsWith('main.') && f.endsWith('.js'));
const style = built.find((f) => f.startsWith('styles.') && f.endsWith('.css'));

const icon = readFileSync(join(here, 'icon.svg'));
const iconName = `icon.${createHash('sha256').update(icon).digest('hex').slice(0, 8)}.svg`;
writeFileSync(join(assets, iconName), icon);

const html = readFileSync(join(here, 'index.html'), 'utf8')
  .replaceAll('%SCRIPT%', `/moderate/assets/${script}`)
  .replaceAll('%STYLE%', `/moderate/assets/${style}`)
  .replaceAll('%ICON%', `/moderate/assets/${iconName}`);

// The catalogues, compiled in memory: each language's page gets its lang and its static text (HTML-escaped).
const messages = await build({ entryPoints: [join(here, 'src', 'messages', 'index.ts')], bundle: true, write: false, format: 'esm', logLevel: 'warning' });
const { CATALOGUES, DEFAULT_LANGUAGE } = await import(`data:text/javascript;base64,${Buffer.from(messages.outputFiles[0].text).toString('base64')}`);
const escape = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
for (const [code, catalogue] of Object.entries(CATALOGUES)) {
  const page = html.replaceAll('%LANG%', code).replace(/%T:([\w.]+)%/g, (_m, key) => {
    if (typeof catalogue[key] !== 'string') throw new Error(`ui/index.html: no message "${key}" in the ${code} catalogue`);
    return escape(catalogue[key]);
  });
  writeFileSync(join(out, `index.${code}.html`), page);
  if (code === DEFAULT_LANGUAGE) writeFileSync(join(out, 'index.html'), page);
}
console.log(`ui: ${script}, ${style}, ${iconName}; index.html in ${Object.keys(CATALOGUES).join(', ')}`);
