/** A small SVG line chart (polylines on linear axes), enough to show queue depth over time. Pure. */

/** One line of the chart. */
export interface Series {
  readonly name: string;
  readonly points: ReadonlyArray<readonly [number, number]>;
}

/** What to draw. */
export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

const escapeXml = (s: string): string => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/** A "nice" axis maximum: 1, 2 or 5 times a power of ten, at least `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * power >= max) return m * power;
  return 10 * power;
}

const label = (v: number): string => (Math.abs(v) >= 1000 ? `${+(v / 1000).toFixed(1)}k` : `${+v.toFixed(2)}`);

/** Renders the chart as a standalone SVG document. */
export function lineChart(spec: ChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 360;
  const m = { left: 64, right: 16, top: 40, bottom: 48 };
  const all = spec.series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(0, ...all.map(([x]) => x)));
  const yMax = niceMax(Math.max(0, ...all.map(([, y]) => y)));
  const px = (x: number): number => m.left + (x / xMax) * (width - m.left - m.right);
  const py = (y: number): number => height - m.bottom - (y / yMax) * (height - m.top - m.bottom);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(spec.title)}</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const y = (yMax * i) / 5;
    const x = (xMax * i) / 5;
    parts.push(
      `<line x1="${m.left}" x2="${width - m.right}" y1="${py(y)}" y2="${py(y)}" stroke="#ddd"/>`,
      `<text x="${m.left - 6}" y="${py(y) + 4}" text-anchor="end">${label(y)}</text>`,
      `<text x="${px(x)}" y="${height - m.bottom + 16}" text-anchor="middle">${label(x)}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${height - m.bottom}" stroke="#333"/>`,
    `<line x1="${m.left}" x2="${width - m.right}" y1="${height - m.bottom}" y2="${height - m.bottom}" stroke="#333"/>`,
    `<text x="${width / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(spec.yLabel)}</text>`,
  );
  spec.series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length]!;
    const points = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`,
      `<rect x="${m.left + 12}" y="${m.top + 4 + i * 18}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${m.left + 30}" y="${m.top + 14 + i * 18}">${escapeXml(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
