/**
 * The comments view: the held queue by default, or what the machine rejected, what is published, what people decided,
 * everything, or (for shadow-mode sites) what would have been held; searched and filtered on the server, paged with
 * its cursor. New arrivals merge in by polling, decided ones fold away in place. The keyboard works on the current row
 * (j/k), or on the selection (x) when there is one; every action can be undone for 30 seconds (z).
 */
import { api, ApiError, query } from './api.js';
import { chooseListTarget } from './chooser.js';
import { announce, bidiMarked, h } from './dom.js';
import { closeDrawer, openDrawer } from './drawer.js';
import { formatNumber, t } from './i18n.js';
import { coalesce, subscribeLive, type LiveSubscription } from './live.js';
import { foldAway, renderRow } from './row.js';
import { UndoToast } from './toast.js';
import type { BlockTargets, BulkOutcome, HumanVerdict, ReviewItem, ReviewPage, ViewId } from './types.js';
import { VIEWS } from './types.js';

/** What the queue needs from the page around it. */
export interface QueueHost {
  site(): string | undefined;
  setCount(n: number): void;
}

const POLL_MS = 5_000;
/** While the live stream is up, a safety poll every this many polls (60 s). */
const SAFETY_POLLS = 12;
/** Longer than a row takes to fold away (row.ts: foldAway). */
const FOLD_MS = 1_200;
const PAGE = 50;
/** The most one request reads (the API's own limit); deeper pages follow the cursor. */
const CHUNK = 200;

const keyOf = (i: { site: string; id: string }): string => `${i.site}\n${i.id}`;
const verdictWord = (v: HumanVerdict): string => (v === 'ham' ? t('queue.approved') : t('queue.markedSpam'));

/** The filters of a view, as the API takes them. */
interface Filters {
  q?: string;
  post?: string;
  reason?: string;
  campaign?: string;
  since?: string;
  until?: string;
}

/** Whether a comment just decided `verdict` still belongs in `view` (else it folds away). */
const staysIn = (view: ViewId, verdict: HumanVerdict): boolean => view === 'all' || view === 'decided' || (view === 'approved' && verdict === 'ham');

/** What a row shows changes with its verdict and status: a changed signature re-renders it. */
const signature = (i: ReviewItem): string => `${i.status}|${i.verdict.verdict}|${i.verdict.score}|${i.verdict.decidedAt ?? ''}`;

export class QueueView {
  readonly root: HTMLElement;
  readonly toast = new UndoToast();
  private readonly list: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly bulkBar: HTMLElement;
  private readonly warnings: HTMLElement;
  private readonly title: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly tabs = new Map<ViewId, { button: HTMLButtonElement; count: HTMLElement }>();
  private readonly search: HTMLInputElement;
  private readonly chips: HTMLElement;
  private readonly filterInputs: Record<'post' | 'reason' | 'since' | 'until', HTMLInputElement>;
  private readonly items = new Map<string, { item: ReviewItem; row: HTMLLIElement; sig: string }>();
  private readonly selected = new Set<string>();
  private readonly leaving = new Set<string>();
  private current: string | undefined;
  private view: ViewId = 'held';
  private filters: Filters = {};
  private sort: 'age' | 'score' = 'age';
  /** How many comments the list reads, from the top: the first page, plus every "Show more". */
  private wanted = PAGE;
  private nextCursor: string | null = null;
  private total = 0;
  private timer: number | undefined;
  private loading: Promise<void> | undefined;
  private again = false;
  private live: LiveSubscription | undefined;
  private polls = 0;

  constructor(private readonly host: QueueHost) {
    // Named by the view's title ("Held comments", "Rejected by the machine"), which changes with the view.
    this.list = h('ol', { class: 'queue', 'aria-labelledby': 'queue-title' });
    // No live region: it is redrawn at every poll, and "6 held" every five seconds would drown what #announce says.
    this.status = h('p', { class: 'status' });
    this.bulkBar = h('div', { class: 'bulk', hidden: true, role: 'region', 'aria-label': t('queue.selection') });
    this.warnings = h('div', { class: 'warnings' });
    this.title = h('h1', { id: 'queue-title' }, t('viewTitle.held'));
    this.banner = h('p', { class: 'shadow-banner', hidden: true }, t('queue.shadowBanner'));
    const sort = h(
      'select',
      { 'aria-label': t('queue.order'), onchange: (e: Event) => this.resort((e.target as HTMLSelectElement).value as 'age' | 'score') },
      h('option', { value: 'age' }, t('queue.oldestFirst')),
      h('option', { value: 'score' }, t('queue.highestScoreFirst')),
    );
    const selectAll = h('button', { type: 'button', class: 'quiet', onclick: () => this.selectAll() }, t('queue.selectAll'));
    const tabs = h('div', { class: 'views', role: 'group', 'aria-label': t('queue.views') });
    for (const v of VIEWS) {
      const count = h('span', { class: 'view-count' }, '');
      const button = h('button', { type: 'button', class: 'view-tab', 'data-view': v, 'aria-pressed': String(v === 'held'), onclick: () => void this.setView(v) }, t(`view.${v}`), count);
      if (v === 'would-have-held') button.hidden = true;
      this.tabs.set(v, { button, count });
      tabs.append(button);
    }
    this.search = h('input', { type: 'search', id: 'search', name: 'q', 'aria-label': t('queue.search'), 'aria-keyshortcuts': '/', placeholder: t('queue.searchPlaceholder'), autocomplete: 'off', spellcheck: 'false' });
    const field = (name: 'post' | 'reason' | 'since' | 'until', type: string, placeholder = '') => {
      const input = h('input', { id: `filter-${name}`, name, type, placeholder, autocomplete: 'off' });
      return [input, h('label', { class: 'filter' }, t(`queue.filter.${name}`), input)] as const;
    };
    const [post, postLabel] = field('post', 'text', t('queue.postPlaceholder'));
    const [reason, reasonLabel] = field('reason', 'text', t('queue.reasonPlaceholder'));
    const [since, sinceLabel] = field('since', 'date');
    const [until, untilLabel] = field('until', 'date');
    this.filterInputs = { post, reason, since, until };
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.focusCurrent();
    });
    this.chips = h('div', { class: 'filter-chips', 'aria-live': 'polite' });
    const form = h(
      'form',
      { class: 'search', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), void this.applyFilters()) },
      this.search,
      h('button', { type: 'submit' }, t('queue.searchButton')),
      h('details', { class: 'filters' }, h('summary', {}, t('queue.filters')), h('div', { class: 'filter-fields' }, postLabel, reasonLabel, sinceLabel, untilLabel, h('button', { type: 'submit', class: 'quiet' }, t('queue.apply')))),
    );
    this.root = h(
      'section',
      { class: 'view', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'toolbar' }, this.title, h('div', { class: 'tools' }, sort, selectAll)),
      tabs,
      form,
      this.chips,
      this.banner,
      this.warnings,
      this.bulkBar,
      this.list,
      this.status,
    );
  }

  /**
   * Starts showing the view: re-read when the live stream (src/live.ts) says a comment entered or left it, polling every
   * 5 s only while the stream is down and every 60 s while it is up.
   */
  async show(): Promise<void> {
    if (!this.live || this.live.site !== this.host.site()) {
      this.live?.close();
      // Bursts make one read (refresh() runs once more after the read in flight, which may predate the change).
      const changed = coalesce(() => this.refresh());
      this.live = subscribeLive(
        this.host.site(),
        (e) => {
          if (this.view !== 'all' && e.view !== this.view) return;
          changed();
          // A read skips a row still folding away: read again once it is gone (it may have come back, e.g. undone).
          if (this.leaving.has(keyOf(e))) window.setTimeout(changed, FOLD_MS);
        },
        (up) => up && changed(),
      );
    }
    await this.refresh();
    window.clearInterval(this.timer);
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible' && (!this.live?.connected || ++this.polls % SAFETY_POLLS === 0)) void this.refresh();
    }, POLL_MS);
  }

  hide(): void {
    window.clearInterval(this.timer);
    this.live?.close();
    this.live = undefined;
  }

  /** Starts over after the site, view or filters changed. */
  async reset(): Promise<void> {
    this.items.clear();
    this.selected.clear();
    this.renderBulkBar();
    this.list.replaceChildren();
    this.current = undefined;
    this.wanted = PAGE;
    // Shown for another site: subscribe to this one's changes.
    if (this.live && this.live.site !== this.host.site()) return this.show();
    await this.refresh();
  }

  /** Shows the comments of one campaign (from a row, the drawer or the campaigns view). */
  async showCampaign(kind: string, value: string): Promise<void> {
    this.filters = { ...this.filters, campaign: `${kind}:${value}` };
    this.renderChips();
    await this.reset();
  }

  /** Fetches the view and merges it into the list: new comments appear, those gone elsewhere fold away. */
  refresh(): Promise<void> {
    if (this.loading) {
      // A refresh asked for while one runs is done once more after it, with what changed meanwhile.
      this.again = true;
      return this.loading;
    }
    this.loading = this.load().finally(() => {
      this.loading = undefined;
      if (this.again) {
        this.again = false;
        void this.refresh();
      }
    });
    return this.loading;
  }

  /** Reads the view from the top down to as many comments as are shown, following the cursor past 200. */
  private async read(): Promise<ReviewPage & { items: ReviewItem[] }> {
    const base = { site: this.host.site(), view: this.view, sort: this.sort, ...this.filters };
    let first: ReviewPage | undefined;
    const items: ReviewItem[] = [];
    let cursor: string | null | undefined;
    do {
      const limit = Math.min(CHUNK, this.wanted - items.length);
      const page = await api<ReviewPage>(`/v1/review${query({ ...base, limit, cursor: cursor ?? undefined })}`);
      first ??= page;
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < this.wanted);
    return { ...first!, items, nextCursor: cursor ?? null };
  }

  private async load(): Promise<void> {
    const asked = `${this.view}|${JSON.stringify(this.filters)}|${this.host.site() ?? ''}`;
    let page: ReviewPage;
    try {
      page = await this.read();
    } catch (err) {
      this.status.textContent = err instanceof ApiError ? err.message : t('queue.loadFailed');
      return;
    }
    // The view or filters changed while this page was read: the newer read will draw.
    if (asked !== `${this.view}|${JSON.stringify(this.filters)}|${this.host.site() ?? ''}`) return;
    // Site problems first: a proxied site's address signals are ignored, and its operator should fix the CMS.
    this.warnings.replaceChildren(...(page.warnings ?? []).map((w) => h('p', { class: 'warning', 'data-code': w.code }, h('strong', {}, `${w.site}: `), w.message)));
    this.renderCounts(page);
    const fresh = new Set(page.items.map(keyOf));
    for (const [key, { row }] of this.items) {
      if (!fresh.has(key) && !this.leaving.has(key)) this.remove(key, row, this.view === 'held' ? t('queue.decidedElsewhere') : t('queue.movedElsewhere'));
    }
    let previous: HTMLElement | null = null;
    for (const item of page.items) {
      const key = keyOf(item);
      if (this.leaving.has(key)) continue;
      let entry = this.items.get(key);
      const sig = signature(item);
      if (!entry || entry.sig !== sig) {
        const row = renderRow(key, item, this.actionsFor(key), this.selected.has(key), this.view === 'would-have-held');
        if (entry) {
          entry.row.replaceWith(row);
          if (this.current === key) row.classList.add('current');
        }
        entry = { item, row, sig };
        this.items.set(key, entry);
      }
      const after: ChildNode | null = previous ? previous.nextSibling : this.list.firstChild;
      if (after !== entry.row) this.list.insertBefore(entry.row, after);
      previous = entry.row;
    }
    this.total = page.total;
    this.nextCursor = page.nextCursor;
    const shown = page.items.length;
    const more = page.nextCursor ? Math.max(0, page.total - shown) : 0;
    this.status.replaceChildren(
      page.total === 0
        ? h('span', { class: 'empty' }, this.filtered() ? t('queue.noMatch') : t(`viewEmpty.${this.view}`))
        : t(this.view === 'held' ? 'queue.heldOf' : 'queue.shownOf', { shown, total: `${formatNumber(page.total)}${page.totalCapped ? '+' : ''}` }),
      ...(page.nextCursor ? [h('button', { type: 'button', class: 'quiet more', onclick: () => void this.showMore() }, t('queue.showMore', { count: more > 0 ? Math.min(more, PAGE) : PAGE }))] : []),
    );
    if (!this.current || !this.items.has(this.current)) this.setCurrent(this.visibleKeys()[0], false);
    document.getElementById('app')?.setAttribute('aria-busy', 'false');
  }

  /** The tabs' counts, the held count in the page's title, the shadow tab only where a site runs in shadow mode. */
  private renderCounts(page: ReviewPage): void {
    const counts = page.counts ?? {};
    for (const [v, { count, button }] of this.tabs) {
      const n = counts[v];
      count.textContent = n === undefined ? '' : formatNumber(n);
      if (v === 'would-have-held') button.hidden = !n && this.view !== v;
    }
    const held = counts.held ?? (this.view === 'held' && !this.filtered() ? page.total : undefined);
    if (held !== undefined) this.host.setCount(held);
  }

  private filtered(): boolean {
    return Object.values(this.filters).some((v) => v !== undefined && v !== '');
  }

  private async setView(view: ViewId): Promise<void> {
    if (view === this.view) return;
    this.view = view;
    for (const [v, { button }] of this.tabs) button.setAttribute('aria-pressed', String(v === view));
    this.title.textContent = t(`viewTitle.${view}`);
    this.banner.hidden = view !== 'would-have-held';
    this.root.classList.toggle('shadow', view === 'would-have-held');
    await this.reset();
  }

  /** Reads the search box and filter fields into the filters and starts over. */
  private async applyFilters(): Promise<void> {
    const day = (v: string, end: boolean) => (v ? new Date(`${v}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined);
    const { post, reason, since, until } = this.filterInputs;
    const next: Record<keyof Filters, string | undefined> = {
      q: this.search.value.trim() || undefined,
      post: post.value.trim() || undefined,
      reason: reason.value.trim() || undefined,
      campaign: this.filters.campaign,
      since: day(since.value, false),
      until: day(until.value, true),
    };
    this.filters = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as Filters;
    this.renderChips();
    await this.reset();
    // The keys work on the results at once: j/k, a, s, b.
    this.focusCurrent();
  }

  /** Moves the keyboard focus from the search box or a filter back to the current row. */
  private focusCurrent(): void {
    const row = this.current ? this.items.get(this.current)?.row : undefined;
    if (row) this.setCurrent(this.current, true);
    else (document.activeElement as HTMLElement | null)?.blur();
  }

  /** The filters in force, each removable. */
  private renderChips(): void {
    const chips = (Object.entries(this.filters) as Array<[keyof Filters, string]>).map(([k, v]) => {
      const params = { name: t(`queue.filter.${k}`), value: bidiMarked(k === 'since' || k === 'until' ? v.slice(0, 10) : v) };
      return h(
        'button',
        { type: 'button', class: 'filter-chip', 'aria-label': t('queue.removeFilter', params), onclick: () => void this.dropFilter(k) },
        t('queue.filterChip', params),
        h('span', { 'aria-hidden': 'true' }, ' ×'),
      );
    });
    this.chips.replaceChildren(...chips);
  }

  private async dropFilter(k: keyof Filters): Promise<void> {
    const { [k]: _dropped, ...rest } = this.filters;
    this.filters = rest;
    if (k === 'q') this.search.value = '';
    else if (k !== 'campaign') this.filterInputs[k].value = '';
    this.renderChips();
    await this.reset();
  }

  /** Handles a key; returns whether it did something. */
  onKey(key: string): boolean {
    const keys = this.visibleKeys();
    const at = this.current ? keys.indexOf(this.current) : -1;
    switch (key) {
      case 'j':
        this.setCurrent(keys[Math.min(keys.length - 1, at + 1)], true);
        return true;
      case 'k':
        this.setCurrent(keys[Math.max(0, at - 1)], true);
        return true;
      case 'x':
        if (this.current) this.toggle(this.current, !this.selected.has(this.current));
        return true;
      case 'a':
        void this.decide(this.targets(), 'ham');
        return true;
      case 's':
        void this.decide(this.targets(), 'spam');
        return true;
      case 'b':
        if (this.current) void this.chooseBlock(this.current);
        return true;
      case '/':
        this.search.focus();
        return true;
      case 'Enter':
      case 'o':
        if (this.current) this.details(this.current);
        return true;
      case 'Escape':
        if (this.selected.size === 0) return false;
        this.clearSelection();
        return true;
      default:
        return false;
    }
  }

  /** The selection, or else the current row. */
  private targets(): string[] {
    if (this.selected.size > 0) return [...this.selected];
    return this.current ? [this.current] : [];
  }

  private visibleKeys(): string[] {
    return [...this.items.keys()].filter((k) => !this.leaving.has(k));
  }

  private actionsFor(key: string) {
    return {
      approve: () => void this.decide([key], 'ham'),
      spam: () => void this.decide([key], 'spam'),
      block: () => void this.chooseBlock(key),
      toggle: (on: boolean) => this.toggle(key, on),
      focus: () => this.setCurrent(key, false),
      details: () => this.details(key),
      campaign: (kind: string, value: string) => void this.showCampaign(kind, value),
    };
  }

  /**
   * Opens a row's details drawer. A decision made there acts on the row like one made here (it folds away, or is
   * redrawn where it stays in the view) and can be undone from the toast; "Show campaign" filters by the campaign.
   */
  private details(key: string): void {
    const entry = this.items.get(key);
    if (!entry || this.leaving.has(key)) return;
    this.setCurrent(key, true);
    const { site, id } = entry.item;
    openDrawer(entry.item, {
      decided: (k, verdict, at) => {
        // A reversal in the drawer of a row already folding away has no row left to move.
        const said = this.leaving.has(k) ? verdictWord(verdict) : this.done([k], verdictWord(verdict), verdict);
        this.offerUndo(said, [{ site, id, verdict, at }]);
      },
      openCampaign: (kind, value) => {
        closeDrawer();
        void this.showCampaign(kind, value);
      },
    });
  }

  private setCurrent(key: string | undefined, focus: boolean): void {
    if (this.current) this.items.get(this.current)?.row.classList.remove('current');
    this.current = key;
    const row = key ? this.items.get(key)?.row : undefined;
    if (!row) return;
    row.classList.add('current');
    if (focus) {
      row.focus({ preventScroll: true });
      row.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
  }

  private toggle(key: string, on: boolean): void {
    if (on) this.selected.add(key);
    else this.selected.delete(key);
    const entry = this.items.get(key);
    entry?.row.classList.toggle('selected', on);
    const box = entry?.row.querySelector<HTMLInputElement>('input[type=checkbox]');
    if (box) box.checked = on;
    this.renderBulkBar();
  }

  private selectAll(): void {
    for (const key of this.visibleKeys()) this.toggle(key, true);
  }

  private clearSelection(): void {
    for (const key of [...this.selected]) this.toggle(key, false);
  }

  private renderBulkBar(): void {
    const n = this.selected.size;
    this.bulkBar.hidden = n === 0;
    this.bulkBar.replaceChildren(
      h('span', {}, t('queue.selected', { count: n })),
      h('button', { type: 'button', class: 'approve', onclick: () => void this.decide([...this.selected], 'ham') }, t('queue.approveN', { count: n })),
      h('button', { type: 'button', class: 'spam', onclick: () => void this.decide([...this.selected], 'spam') }, t('queue.spamN', { count: n })),
      h('button', { type: 'button', class: 'quiet', onclick: () => this.clearSelection() }, t('queue.clear')),
    );
  }

  /** Decides comments: one request for one, a bulk request for several; either can be undone for 30 seconds. */
  private async decide(keys: string[], verdict: HumanVerdict): Promise<void> {
    const entries = keys.flatMap((k) => (this.items.has(k) && !this.leaving.has(k) ? [[k, this.items.get(k)!] as const] : []));
    if (entries.length === 0) return;
    this.busy(entries.map(([k]) => k), true);
    try {
      let decided: BulkOutcome['decided'];
      if (entries.length === 1) {
        const { item } = entries[0]![1];
        const r = await api<{ decision: { at: string } }>(`/v1/comments/${encodeURIComponent(item.id)}/decision`, { method: 'POST', body: { site: item.site, verdict } });
        decided = [{ site: item.site, id: item.id, verdict, at: r.decision.at }];
      } else {
        const comments = entries.map(([, e]) => ({ site: e.item.site, id: e.item.id }));
        const outcome = await api<BulkOutcome>('/v1/decisions', { method: 'POST', body: { comments, verdict } });
        decided = outcome.decided;
        if (outcome.skipped.length) announce(t('queue.skipped', { count: outcome.skipped.length, message: outcome.skipped[0]!.message }));
      }
      const said = this.done(decided.map(keyOf), verdictWord(verdict), verdict);
      this.offerUndo(said, decided);
    } catch (err) {
      this.busy(entries.map(([k]) => k), false);
      announce(t('common.notSaved', { message: (err as Error).message }));
      this.status.textContent = t('common.notSaved', { message: (err as Error).message });
    }
  }

  /** `b`: the chooser of what to block or trust for a comment, then the chosen action. */
  private async chooseBlock(key: string): Promise<void> {
    const entry = this.items.get(key);
    if (!entry || this.leaving.has(key)) return;
    const { item } = entry;
    let targets: BlockTargets;
    try {
      targets = await api<BlockTargets>(`/v1/comments/${encodeURIComponent(item.id)}/block-targets${query({ site: item.site })}`);
    } catch (err) {
      return void announce(t('queue.cannotBlock', { message: (err as Error).message }));
    }
    const choice = await chooseListTarget(item, targets);
    this.items.get(key)?.row.focus({ preventScroll: true });
    if (!choice) return;
    const { target, value } = choice.target;
    this.busy([key], true);
    try {
      if (choice.kind === 'block') {
        const outcome = await api<BulkOutcome & { blocked: { list: string; value: string; added: boolean } }>(`/v1/comments/${encodeURIComponent(item.id)}/block`, {
          method: 'POST',
          body: { site: item.site, target, value },
        });
        const said = this.done(outcome.decided.map(keyOf), t('queue.blocked', { value: bidiMarked(outcome.blocked.value) }), 'spam');
        this.offerUndo(said, outcome.decided, outcome.blocked.added ? { site: item.site, list: outcome.blocked.list, value: outcome.blocked.value } : undefined);
      } else {
        const outcome = await api<BulkOutcome & { trusted: { list: string; value: string; added: boolean } }>(`/v1/comments/${encodeURIComponent(item.id)}/trust`, {
          method: 'POST',
          body: { site: item.site, target, value },
        });
        const said = this.done(outcome.decided.map(keyOf), t('queue.trusted', { value: bidiMarked(outcome.trusted.value) }), 'ham');
        this.offerUndo(said, outcome.decided, outcome.trusted.added ? { site: item.site, list: outcome.trusted.list, value: outcome.trusted.value } : undefined);
      }
    } catch (err) {
      this.busy([key], false);
      announce(t('common.notSaved', { message: (err as Error).message }));
      this.status.textContent = t('common.notSaved', { message: (err as Error).message });
    }
  }

  /** Puts an action in the undo toast: undoing takes the list entry it added off again and undoes its decisions. */
  private offerUndo(said: string, decided: BulkOutcome['decided'], entry?: { site: string; list: string; value: string }): void {
    if (decided.length === 0 && !entry) return;
    this.toast.push({
      said,
      undo: async () => {
        if (entry) await api('/v1/blocks', { method: 'DELETE', body: entry });
        let undone = 0;
        if (decided.length === 1) {
          const d = decided[0]!;
          await api(`/v1/comments/${encodeURIComponent(d.id)}/undo`, { method: 'POST', body: { site: d.site, at: d.at } });
          undone = 1;
        } else if (decided.length > 1) {
          const r = await api<{ undone: unknown[]; skipped: Array<{ message: string }> }>('/v1/decisions/undo', { method: 'POST', body: { comments: decided.map(({ site, id, at }) => ({ site, id, at })) } });
          undone = r.undone.length;
        }
        await this.refresh();
        return t('queue.undone', { count: undone });
      },
    });
  }

  private busy(keys: string[], on: boolean): void {
    for (const k of keys) {
      const row = this.items.get(k)?.row;
      row?.setAttribute('aria-busy', String(on));
      row?.querySelectorAll('button').forEach((b) => (b.disabled = on));
    }
  }

  /**
   * After a decision: rows that no longer belong in the view fold away and the cursor moves to the next row still
   * there; rows that stay are redrawn by the next read. Returns what happened, in words.
   */
  private done(keys: string[], word: string, verdict: HumanVerdict): string {
    const present = keys.filter((k) => this.items.has(k));
    const said = present.length <= 1 ? t('queue.rowNotice', { word, who: bidiMarked(this.items.get(present[0] ?? '')?.item.comment.author.name ?? t('queue.anonymous')) }) : t('queue.doneMany', { word, count: present.length });
    if (present.length === 0) return said;
    if (staysIn(this.view, verdict)) {
      this.busy(present, false);
      void this.refresh();
      announce(`${said}.`);
      return said;
    }
    const visible = this.visibleKeys();
    const from = this.current ? visible.indexOf(this.current) : 0;
    const next = visible.slice(from).find((k) => !present.includes(k)) ?? visible.slice(0, from).reverse().find((k) => !present.includes(k));
    for (const k of present) this.remove(k, this.items.get(k)!.row, word);
    if (this.current && present.includes(this.current)) this.setCurrent(next, true);
    announce(`${said}.`);
    this.total = Math.max(0, this.total - present.length);
    if (this.view === 'held' && !this.filtered()) this.host.setCount(this.total);
    return said;
  }

  private remove(key: string, row: HTMLLIElement, word: string): void {
    this.leaving.add(key);
    this.selected.delete(key);
    this.renderBulkBar();
    const who = bidiMarked(this.items.get(key)?.item.comment.author.name ?? t('queue.anonymous'));
    void foldAway(row, t('queue.rowNotice', { word, who })).then(() => {
      this.items.delete(key);
      this.leaving.delete(key);
    });
  }

  private resort(sort: 'age' | 'score'): void {
    this.sort = sort;
    void this.refresh();
  }

  /** One more page: the list reads further down, past 200 by the cursor, and keeps its place as comments leave. */
  private async showMore(): Promise<void> {
    if (!this.nextCursor) return;
    this.wanted = this.visibleKeys().length + PAGE;
    await this.refresh();
  }
}
