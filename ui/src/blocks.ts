/**
 * The lists view: what moderators (and operators) blocked and trusted on each site — domains, e-mails, IPs — with who
 * added it and when, each removable. Removing a block does not publish the comments it rejected: they stay decided.
 */
import { api, ApiError, query } from './api.js';
import { ago, announce, bidiMarked, h } from './dom.js';
import { t } from './i18n.js';
import type { ListEntry } from './types.js';

const LISTS = ['blocked-domains', 'blocked-emails', 'blocked-ips', 'allowed-domains', 'allowed-emails', 'allowed-ips'] as const;
/** A list's name, in words. */
const listSaid = (list: string): string => ((LISTS as readonly string[]).includes(list) ? t(`lists.kind.${list as (typeof LISTS)[number]}`) : list);

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
      h('div', { class: 'toolbar' }, h('h1', { id: 'lists-title' }, t('lists.title'))),
      h('p', { class: 'meta' }, t('lists.about')),
      this.body,
    );
  }

  async show(): Promise<void> {
    const one = this.site();
    const sites = one ? [one] : this.sites();
    if (sites.length === 0) return void this.body.replaceChildren(h('p', { class: 'empty' }, t('lists.noSite')));
    this.body.replaceChildren(h('p', { class: 'meta' }, t('lists.loading')));
    try {
      const pages = await Promise.all(sites.map((s) => api<{ entries: ListEntry[] }>(`/v1/blocks${query({ site: s })}`)));
      this.render(pages.flatMap((p) => p.entries));
    } catch (err) {
      this.body.replaceChildren(h('p', { class: 'error' }, err instanceof ApiError ? err.message : t('lists.loadFailed')));
    }
  }

  hide(): void {}

  private render(entries: ListEntry[]): void {
    if (entries.length === 0) return void this.body.replaceChildren(h('p', { class: 'empty' }, t('lists.empty')));
    const rows = entries.map((e) => {
      const remove = h('button', { type: 'button', class: 'quiet', onclick: () => void this.remove(e, row, remove) }, t('lists.remove'));
      remove.setAttribute('aria-label', t('lists.removeLabel', { what: listSaid(e.list), value: bidiMarked(e.value), site: e.site }));
      const row = h(
        'tr',
        { 'data-list': e.list, 'data-value': e.value },
        h('td', {}, listSaid(e.list)),
        h('td', { class: 'value' }, bidiMarked(e.value)),
        h('td', {}, e.site),
        h('td', { class: 'meta' }, e.by ? (e.at ? t('lists.byWhen', { who: e.by, when: ago(e.at) }) : e.by) : t('lists.byOperator')),
        h('td', {}, remove),
      );
      return row;
    });
    this.body.replaceChildren(
      h(
        'table',
        { class: 'lists' },
        h('thead', {}, h('tr', {}, ...(['what', 'value', 'site', 'by'] as const).map((c) => h('th', { scope: 'col' }, t(`lists.col.${c}`))), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('lists.col.actions'))))),
        h('tbody', {}, ...rows),
      ),
    );
  }

  private async remove(e: ListEntry, row: HTMLElement, button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    try {
      await api('/v1/blocks', { method: 'DELETE', body: { site: e.site, list: e.list, value: e.value } });
      row.remove();
      announce(t('lists.removed', { value: bidiMarked(e.value) }));
    } catch (err) {
      button.disabled = false;
      announce(t('lists.notRemoved', { message: (err as Error).message }));
    }
  }
}
