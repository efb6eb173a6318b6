/**
 * The queue view: held comments, newest arrivals merged in by polling, decided ones folded away in place. The keyboard
 * works on the current row (j/k), or on the selection (x) when there is one.
 */
import { api, ApiError, query } from './api.js';
import { announce, bidiMarked, h } from './dom.js';
import { closeDrawer, openDrawer } from './drawer.js';
import { blockTarget, foldAway, renderRow } from './row.js';
import type { BulkOutcome, HumanVerdict, ReviewItem, ReviewPage } from './types.js';

/** What the queue needs from the page around it. */
export interface QueueHost {
  site(): string | undefined;
  setCount(n: number): void;
}

const POLL_MS = 5_000;
const PAGE = 50;

const keyOf = (i: { site: string; id: string }): string => `${i.site}\n${i.id}`;
const VERDICT_WORD: Record<HumanVerdict, string> = { ham: 'Approved', spam: 'Marked spam' };

export class QueueView {
  readonly root: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly status: HTMLElement;
  private readonly bulkBar: HTMLElement;
  private readonly warnings: HTMLElement;
  private readonly items = new Map<string, { item: ReviewItem; row: HTMLLIElement }>();
  private readonly selected = new Set<string>();
  private readonly leaving = new Set<string>();
  private current: string | undefined;
  private sort: 'age' | 'score' = 'age';
  private limit = PAGE;
  private total = 0;
  private timer: number | undefined;
  private loading: Promise<void> | undefined;

  constructor(private readonly host: QueueHost) {
    this.list = h('ol', { class: 'queue', 'aria-label': 'Held comments' });
    this.status = h('p', { class: 'status', role: 'status' });
    this.bulkBar = h('div', { class: 'bulk', hidden: true, role: 'region', 'aria-label': 'Selected comments' });
    this.warnings = h('div', { class: 'warnings', role: 'alert' });
    const sort = h(
      'select',
      { 'aria-label': 'Order', onchange: (e: Event) => this.resort((e.target as HTMLSelectElement).value as 'age' | 'score') },
      h('option', { value: 'age' }, 'Oldest first'),
      h('option', { value: 'score' }, 'Highest score first'),
    );
    const selectAll = h('button', { type: 'button', class: 'quiet', onclick: () => this.selectAll() }, 'Select all');
    this.root = h('section', { class: 'view', 'aria-labelledby': 'queue-title' },
      h('div', { class: 'toolbar' }, h('h1', { id: 'queue-title' }, 'Held comments'), h('div', { class: 'tools' }, sort, selectAll)),
      this.warnings,
      this.bulkBar,
      this.list,
      this.status,
    );
  }

  /** Starts showing the queue and polling for changes. */
  async show(): Promise<void> {
    await this.refresh();
    this.timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') void this.refresh();
    }, POLL_MS);
  }

  hide(): void {
    window.clearInterval(this.timer);
  }

  /** Reloads after the site filter changed. */
  async reset(): Promise<void> {
    this.items.clear();
    this.selected.clear();
    this.list.replaceChildren();
    this.current = undefined;
    await this.refresh();
  }

  /** Fetches the queue and merges it into the list: new comments appear, those decided elsewhere fold away. */
  refresh(): Promise<void> {
    this.loading ??= this.load().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    let page: ReviewPage;
    try {
      page = await api<ReviewPage>(`/v1/review${query({ site: this.host.site(), sort: this.sort, limit: this.limit })}`);
    } catch (err) {
      this.status.textContent = err instanceof ApiError ? err.message : 'The queue could not be loaded; retrying.';
      return;
    }
    // Site problems first: a proxied site's address signals are ignored, and its operator should fix the CMS.
    this.warnings.replaceChildren(...(page.warnings ?? []).map((w) => h('p', { class: 'warning', 'data-code': w.code }, h('strong', {}, `${w.site}: `), w.message)));
    const fresh = new Set(page.items.map(keyOf));
    for (const [key, { row }] of this.items) {
      if (!fresh.has(key) && !this.leaving.has(key)) this.remove(key, row, 'Decided elsewhere');
    }
    let previous: HTMLElement | null = null;
    for (const item of page.items) {
      const key = keyOf(item);
      if (this.leaving.has(key)) continue;
      let entry = this.items.get(key);
      if (!entry) {
        entry = { item, row: renderRow(key, item, this.actionsFor(key), this.selected.has(key)) };
        this.items.set(key, entry);
      }
      const after: ChildNode | null = previous ? previous.nextSibling : this.list.firstChild;
      if (after !== entry.row) this.list.insertBefore(entry.row, after);
      previous = entry.row;
    }
    this.total = page.total;
    this.host.setCount(page.total);
    const more = page.total - page.items.length;
    this.status.replaceChildren(
      page.total === 0 ? h('span', { class: 'empty' }, 'Nothing is held. New comments appear here as they are held.') : `${page.total} held`,
      ...(more > 0 && this.limit < 200 ? [h('button', { type: 'button', class: 'quiet', onclick: () => this.showMore() }, `Show ${Math.min(more, PAGE)} more`)] : []),
    );
    if (!this.current || !this.items.has(this.current)) this.setCurrent(this.visibleKeys()[0], false);
    document.getElementById('app')?.setAttribute('aria-busy', 'false');
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
        if (this.current) void this.block(this.current);
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
      block: () => void this.block(key),
      toggle: (on: boolean) => this.toggle(key, on),
      focus: () => this.setCurrent(key, false),
      details: () => this.details(key),
    };
  }

  /** Opens a row's details drawer; a decision made there folds the row away like one made here. */
  private details(key: string): void {
    const entry = this.items.get(key);
    if (!entry || this.leaving.has(key)) return;
    this.setCurrent(key, true);
    openDrawer(entry.item, {
      decided: (k, verdict) => {
        if (!this.leaving.has(k)) this.done([k], VERDICT_WORD[verdict]);
      },
      openCampaign: () => {
        closeDrawer();
        location.hash = 'campaigns';
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
      h('span', {}, `${n} selected`),
      h('button', { type: 'button', class: 'approve', onclick: () => void this.decide([...this.selected], 'ham') }, `Approve ${n}`),
      h('button', { type: 'button', class: 'spam', onclick: () => void this.decide([...this.selected], 'spam') }, `Spam ${n}`),
      h('button', { type: 'button', class: 'quiet', onclick: () => this.clearSelection() }, 'Clear'),
    );
  }

  /** Decides comments: one request for one, a bulk request for several. */
  private async decide(keys: string[], verdict: HumanVerdict): Promise<void> {
    const entries = keys.flatMap((k) => (this.items.has(k) && !this.leaving.has(k) ? [[k, this.items.get(k)!] as const] : []));
    if (entries.length === 0) return;
    this.busy(entries.map(([k]) => k), true);
    try {
      if (entries.length === 1) {
        const { item } = entries[0]![1];
        await api(`/v1/comments/${encodeURIComponent(item.id)}/decision`, { method: 'POST', body: { site: item.site, verdict } });
        this.done([entries[0]![0]], VERDICT_WORD[verdict]);
      } else {
        const comments = entries.map(([, e]) => ({ site: e.item.site, id: e.item.id }));
        const outcome = await api<BulkOutcome>('/v1/decisions', { method: 'POST', body: { comments, verdict } });
        this.done(outcome.decided.map(keyOf), VERDICT_WORD[verdict]);
        if (outcome.skipped.length) announce(`${outcome.skipped.length} could not be decided: ${outcome.skipped[0]!.message}`);
      }
    } catch (err) {
      this.busy(entries.map(([k]) => k), false);
      announce(`Not saved: ${(err as Error).message}`);
      this.status.textContent = `Not saved: ${(err as Error).message}`;
    }
  }

  /** Rejects a comment and blocks its domain (or email, or IP), which also rejects the held comments sharing it. */
  private async block(key: string): Promise<void> {
    const entry = this.items.get(key);
    const target = entry && blockTarget(entry.item);
    if (!entry || !target || this.leaving.has(key)) return;
    this.busy([key], true);
    try {
      const outcome = await api<BulkOutcome>(`/v1/comments/${encodeURIComponent(entry.item.id)}/block`, {
        method: 'POST',
        body: { site: entry.item.site, target: target.target },
      });
      this.done(outcome.decided.map(keyOf), `Blocked ${target.value}`);
    } catch (err) {
      this.busy([key], false);
      announce(`Not saved: ${(err as Error).message}`);
    }
  }

  private busy(keys: string[], on: boolean): void {
    for (const k of keys) {
      const row = this.items.get(k)?.row;
      row?.setAttribute('aria-busy', String(on));
      row?.querySelectorAll('button').forEach((b) => (b.disabled = on));
    }
  }

  /** Folds decided rows away and moves the cursor to the next row still there. */
  private done(keys: string[], word: string): void {
    const present = keys.filter((k) => this.items.has(k));
    if (present.length === 0) return;
    const visible = this.visibleKeys();
    const from = this.current ? visible.indexOf(this.current) : 0;
    const next = visible.slice(from).find((k) => !present.includes(k)) ?? visible.slice(0, from).reverse().find((k) => !present.includes(k));
    for (const k of present) this.remove(k, this.items.get(k)!.row, word);
    if (this.current && present.includes(this.current)) this.setCurrent(next, true);
    announce(present.length === 1 ? `${word}.` : `${word}: ${present.length} comments.`);
    this.total = Math.max(0, this.total - present.length);
    this.host.setCount(this.total);
  }

  private remove(key: string, row: HTMLLIElement, word: string): void {
    this.leaving.add(key);
    this.selected.delete(key);
    this.renderBulkBar();
    const who = bidiMarked(this.items.get(key)?.item.comment.author.name ?? 'anonymous');
    void foldAway(row, `${word} — ${who}`).then(() => {
      this.items.delete(key);
      this.leaving.delete(key);
    });
  }

  private resort(sort: 'age' | 'score'): void {
    this.sort = sort;
    void this.refresh();
  }

  private showMore(): void {
    this.limit = Math.min(200, this.limit + PAGE);
    void this.refresh();
  }
}
