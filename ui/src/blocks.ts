/**
 * The lists view: what moderators (and operators) blocked and trusted on each site — domains, e-mails, IPs — with who
 * added it and when, each removable. Removing a block does not publish the comments it rejected: they stay decided.
 */
import { api, ApiError, query } from './api.js';
import { ago, announce, bidiMarked, h } from './dom.js';
import type { ListEntry } from './types.js';

const LIST_SAID: Record<string, string> = {
  'blocked-domains': 'Blocked domain',
  'blocked-emails': 'Blocked e-mail',
  'blocked-ips': 'Blocked IP',
  'allowed-domains': 'Trusted domain',
  'allowed-emails': 'Trusted e-mail',
  'allowed-ips': 'Trusted IP',
};

export class BlocksView {
  readonly root: HTMLElement;
  private readonly body: HTMLElement;

  constructor(
    private readonly site: () => string | undefined,
    private readonly sites: () => string[],
  ) {
    this.body = h('div', { class: 'lists-body' });
    this.root = h(
      'section',
      { class: 'view', 'aria-labelledby': 'lists-title' },
      h('div', { class: 'toolbar' }, h('h1', { id: 'lists-title' }, 'Blocked and trusted')),
      h('p', { class: 'meta' }, 'Values blocked or trusted from the queue, and those an operator listed. Removing one applies to the next comment.'),
      this.body,
    );
  }

  async show(): Promise<void> {
    const one = this.site();
    const sites = one ? [one] : this.sites();
    if (sites.length === 0) return void this.body.replaceChildren(h('p', { class: 'empty' }, 'No site yet.'));
    this.body.replaceChildren(h('p', { class: 'meta' }, 'Loading…'));
    try {
      const pages = await Promise.all(sites.map((s) => api<{ entries: ListEntry[] }>(`/v1/blocks${query({ site: s })}`)));
      this.render(pages.flatMap((p) => p.entries));
    } catch (err) {
      this.body.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : 'The lists could not be loaded.'));
    }
  }

  hide(): void {}

  private render(entries: ListEntry[]): void {
    if (entries.length === 0) return void this.body.replaceChildren(h('p', { class: 'empty' }, 'Nothing is blocked or trusted.'));
    const rows = entries.map((e) => {
      const remove = h('button', { type: 'button', class: 'quiet', onclick: () => void this.remove(e, row, remove) }, 'Remove');
      remove.setAttribute('aria-label', `Remove ${LIST_SAID[e.list] ?? e.list} ${bidiMarked(e.value)} on ${e.site}`);
      const row = h(
        'tr',
        { 'data-list': e.list, 'data-value': e.value },
        h('td', {}, LIST_SAID[e.list] ?? e.list),
        h('td', { class: 'value' }, bidiMarked(e.value)),
        h('td', {}, e.site),
        h('td', { class: 'meta' }, e.by ? `${e.by}${e.at ? `, ${ago(e.at)}` : ''}` : 'an operator'),
        h('td', {}, remove),
      );
      return row;
    });
    this.body.replaceChildren(
      h(
        'table',
        { class: 'lists' },
        h('thead', {}, h('tr', {}, ...['What', 'Value', 'Site', 'Added by', ''].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows),
      ),
    );
  }

  private async remove(e: ListEntry, row: HTMLElement, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api('/v1/blocks', { method: 'DELETE', body: { site: e.site, list: e.list, value: e.value } });
      row.remove();
      announce(`Removed ${bidiMarked(e.value)}.`);
    } catch (err) {
      button.disabled = false;
      announce(`Not removed: ${(err as Error).message}`);
    }
  }
}
