/**
 * The evaluation report page (`sluice eval --report FILE.html`): the precision-recall curve as inline SVG, the
 * threshold sweep, and the worst mistakes — what an operator reads before promoting a model. Self-contained HTML.
 */
import { decodeHTML } from 'entities';
import type { EvaluationReport } from './metrics.js';
import type { ScoredExample } from './train.js';

/** Escapes text for HTML: every character shows as itself (each `&` included: this is the one encoding step). */
const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * A comment as its readers read it, cut to `max` characters: an HTML comment (YouTube's export: `I&#39;m`) has its
 * entities decoded first, so escaping does not encode them a second time and the cut cannot split one. Markup is
 * kept, shown as text.
 */
const readable = (example: ScoredExample['example'], max: number): string =>
  [...(example.contentType === 'html' ? decodeHTML(example.content) : example.content)].slice(0, max).join('');
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

function prCurveSvg(report: EvaluationReport): string {
  const w = 360;
  const h = 260;
  const pad = 36;
  const x = (recall: number): number => pad + recall * (w - 2 * pad);
  const y = (precision: number): number => h - pad - precision * (h - 2 * pad);
  const points = report.prCurve.map((p) => `${x(p.recall).toFixed(1)},${y(p.precision).toFixed(1)}`).join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1]
    .map((v) => `<text x="${x(v)}" y="${h - pad + 16}" text-anchor="middle">${v}</text><text x="${pad - 6}" y="${y(v) + 4}" text-anchor="end">${v}</text>`)
    .join('');
  return `<svg viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img" aria-label="Precision-recall curve, average precision ${report.averagePrecision.toFixed(3)}">
<rect x="${pad}" y="${pad}" width="${w - 2 * pad}" height="${h - 2 * pad}" fill="none" stroke="#ccc"/>
<polyline points="${points}" fill="none" stroke="#1a5fb4" stroke-width="2"/>${ticks}
<text x="${w / 2}" y="${h - 4}" text-anchor="middle">recall</text><text x="10" y="${h / 2}" transform="rotate(-90 10 ${h / 2})" text-anchor="middle">precision</text></svg>`;
}

function mistakesTable(title: string, rows: readonly ScoredExample[]): string {
  const body = rows
    .map((r) => `<tr><td>${r.probability.toFixed(3)}</td><td>${esc(r.example.author.name ?? '')}</td><td>${esc(readable(r.example, 300))}</td><td>${esc(r.example.source)}</td></tr>`)
    .join('');
  return `<h2>${esc(title)}</h2><table><thead><tr><th>p(spam)</th><th>author</th><th>content</th><th>source</th></tr></thead><tbody>${body || '<tr><td colspan="4">none</td></tr>'}</tbody></table>`;
}

/** Renders the report page. */
export function renderReport(title: string, report: EvaluationReport, scored: readonly ScoredExample[], limit = 20): string {
  const falsePositives = scored.filter((s) => s.label === 'ham' && s.probability >= report.threshold).sort((a, b) => b.probability - a.probability);
  const falseNegatives = scored.filter((s) => s.label === 'spam' && s.probability < report.threshold).sort((a, b) => a.probability - b.probability);
  const sweep = report.sweep
    .map((m) => `<tr><td>${m.threshold.toFixed(2)}</td><td>${m.precision.toFixed(3)}</td><td>${m.recall.toFixed(3)}</td><td>${m.f1.toFixed(3)}</td><td>${pct(m.fpr)}</td></tr>`)
    .join('');
  const c = report.confusion;
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}svg text{font-size:11px}</style>
<h1>${esc(title)}</h1>
<p>${report.examples} examples (${report.spam} spam, ${report.ham} ham). At threshold ${report.threshold}: precision ${report.precision.toFixed(3)},
recall ${report.recall.toFixed(3)}, F1 ${report.f1.toFixed(3)}, false-positive rate ${pct(report.fpr)}, MCC ${report.mcc.toFixed(3)}.
Confusion: ${c.tp} TP, ${c.fp} FP, ${c.tn} TN, ${c.fn} FN. Average precision ${report.averagePrecision.toFixed(3)}.</p>
${prCurveSvg(report)}
<h2>Threshold sweep</h2><table><thead><tr><th>threshold</th><th>precision</th><th>recall</th><th>F1</th><th>FPR</th></tr></thead><tbody>${sweep}</tbody></table>
${mistakesTable(`Worst false positives (ham scored as spam), ${falsePositives.length} in all`, falsePositives.slice(0, limit))}
${mistakesTable(`Worst false negatives (spam scored as ham), ${falseNegatives.length} in all`, falseNegatives.slice(0, limit))}
</html>`;
}
