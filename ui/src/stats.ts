/** The stats view: the last 30 days as a stacked bar chart (inline SVG) and the totals a newsroom asks about. */
import { api, ApiError, query } from './api.js';
import { duration, h, s } from './dom.js';
import { formatDay, formatNumber, t } from './i18n.js';
import type { DayStats } from './types.js';

const SERIES = [
  { key: 'ham', label: 'stats.published', css: 'ham' },
  { key: 'review', label: 'stats.held', css: 'review' },
  { key: 'spam', label: 'stats.rejected', css: 'spam' },
] as const;

/**
 * The chart: one stacked bar per day; a <title> on each bar reads out its numbers. Drawn `width` units wide for a box
 * `width` CSS px wide, so one unit is one pixel and the labels keep their CSS size (12 px) on a phone as on a desk.
 */
function chart(days: readonly DayStats[], width: number): SVGSVGElement {
  const height = Math.round(Math.min(240, Math.max(170, width * 0.3)));
  const pad = { top: 12, right: 8, bottom: 28, left: 40 };
  const max = Math.max(1, ...days.map((d) => d.ham + d.review + d.spam));
  const step = (width - pad.left - pad.right) / days.length;
  // A date label needs about 44 px: every 5th day where that fits, else every 10th or 15th.
  const every = [5, 10, 15].find((n) => n * step >= 44) ?? 15;
  const y = (v: number) => pad.top + (height - pad.top - pad.bottom) * (1 - v / max);
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': t('stats.chart') });
  for (const tick of [0, Math.round(max / 2), max]) {
    svg.append(
      s('line', { x1: pad.left, x2: width - pad.right, y1: y(tick), y2: y(tick), class: 'grid' }),
      s('text', { x: pad.left - 6, y: y(tick) + 4, class: 'axis', 'text-anchor': 'end' }, formatNumber(tick)),
    );
  }
  days.forEach((d, i) => {
    const x = pad.left + i * step + step * 0.15;
    let base = 0;
    const group = s('g', {}, s('title', {}, t('stats.bar', { date: d.date, received: d.received, published: d.ham, held: d.review, rejected: d.spam })));
    for (const series of SERIES) {
      const v = d[series.key];
      if (v > 0) group.append(s('rect', { x, width: step * 0.7, y: y(base + v), height: y(base) - y(base + v), class: series.css }));
      base += v;
    }
    svg.append(group);
    // The last day too, when it stands far enough from the label before it.
    if (i % every === 0 || (i === days.length - 1 && (i % every) * step >= 44)) {
      svg.append(s('text', { x: x + step * 0.35, y: height - 8, class: 'axis', 'text-anchor': 'middle' }, formatDay(d.date)));
    }
  });
  return svg;
}

/** The chart in its figure, drawn again at the box's width whenever that changes (a turned phone, a resized window). */
function chartBox(days: readonly DayStats[]): HTMLElement {
  const legend = h('figcaption', { class: 'legend' }, ...SERIES.map((x) => h('span', { class: `key ${x.css}` }, t(x.label))));
  const box = h('figure', { class: 'chart-box' }, legend);
  let drawn = 0;
  const observer = new ResizeObserver(() => {
    if (!box.isConnected) return void observer.disconnect();
    const width = Math.floor(box.clientWidth - parseFloat(getComputedStyle(box).paddingLeft) - parseFloat(getComputedStyle(box).paddingRight));
    if (width <= 0 || width === drawn) return;
    drawn = width;
    box.querySelector('svg')?.remove();
    box.prepend(chart(days, width));
  });
  observer.observe(box);
  return box;
}

const sum = (days: readonly DayStats[], key: keyof DayStats) => days.reduce((a, d) => a + Number(d[key] ?? 0), 0);

export class StatsView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;

  constructor(private readonly site: () => string | undefined, private readonly sitesSeen: (sites: string[]) => void) {
    this.body = h('div', { class: 'stats-body' });
    this.root = h('section', { class: 'view', 'aria-labelledby': 'stats-title' },
      h('div', { class: 'toolbar' }, h('h1', { id: 'stats-title' }, t('stats.title'))),
      this.body,
    );
  }

  async show(): Promise<void> {
    let res: { sites: string[]; days: DayStats[] };
    try {
      res = await api(`/v1/stats${query({ site: this.site(), days: 30 })}`);
    } catch (err) {
      this.body.replaceChildren(h('p', { class: 'status' }, err instanceof ApiError ? err.message : t('stats.loadFailed')));
      return;
    }
    this.sitesSeen(res.sites);
    const { days } = res;
    const week = days.slice(-7).map((d) => d.medianQueueSeconds).filter((v): v is number => v !== null).sort((a, b) => a - b);
    const tiles: Array<[string, string | number, string?]> = [
      [t('stats.received'), formatNumber(sum(days, 'received'))],
      [t('stats.heldByMachine'), formatNumber(sum(days, 'review') + sum(days, 'reflagged')), t('stats.heldByMachineHint')],
      [t('stats.rejectedByMachine'), formatNumber(sum(days, 'spam'))],
      [t('stats.decidedByPeople'), formatNumber(sum(days, 'decided'))],
      [t('stats.falsePositives'), formatNumber(sum(days, 'falsePositives')), t('stats.falsePositivesHint')],
      [t('stats.falseNegatives'), formatNumber(sum(days, 'falseNegatives')), t('stats.falseNegativesHint')],
      [t('stats.caughtByMemory'), formatNumber(sum(days, 'caughtByMemory')), t('stats.caughtByMemoryHint')],
      [t('stats.medianQueue'), duration(week.length ? week[Math.floor(week.length / 2)]! : null), t('stats.medianQueueHint')],
    ];
    this.body.replaceChildren(
      h('dl', { class: 'tiles' }, ...tiles.map(([label, value, hint]) => h('div', { title: hint }, h('dt', {}, label), h('dd', {}, value)))),
      chartBox(days),
      h(
        'details',
        {},
        h('summary', {}, t('stats.byDay')),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            {},
            h('thead', {}, h('tr', {}, ...(['stats.col.day', 'stats.received', 'stats.published', 'stats.held', 'stats.rejected', 'stats.col.decided', 'stats.col.falsePositives', 'stats.col.falseNegatives', 'stats.col.memory', 'stats.col.medianQueue'] as const).map((c) => h('th', { scope: 'col' }, t(c))))),
            h(
              'tbody',
              {},
              ...[...days].reverse().map((d) =>
                h('tr', {}, h('th', { scope: 'row' }, d.date), ...[d.received, d.ham, d.review, d.spam, d.decided, d.falsePositives, d.falseNegatives, d.caughtByMemory].map((v) => h('td', {}, formatNumber(v))), h('td', {}, duration(d.medianQueueSeconds))),
              ),
            ),
          ),
        ),
      ),
    );
  }

  hide(): void {}
}
