/**
 * The campaign view: held comments grouped by what copies of one campaign share, largest first, so one decision
 * clears forty copies. Bulk buttons ask once more before acting ("Spam 40 held" → "Confirm: spam 40").
 */
import { api, ApiError, query } from './api.js';
import { announce, h } from './dom.js';
import { formatNumber, t } from './i18n.js';
import type { BulkOutcome, Campaign, HumanVerdict } from './types.js';

const KIND = { domain: 'campaigns.kind.domain', author: 'campaigns.kind.author', text: 'campaigns.kind.text', brand: 'campaigns.kind.brand' } as const satisfies Record<Campaign['kind'], string>;

export class CampaignView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly site: () => string | undefined, private readonly changed: () => void) {
    this.list = h('div', { class: 'campaign-list' });
    this.root = h('section', { class: 'view', 'aria-labelledby': 'campaigns-title' },
      h('div', { class: 'toolbar' }, h('h1', { id: 'campaigns-title' }, t('campaigns.title')), h('p', { class: 'meta' }, t('campaigns.about'))),
      this.list,
    );
  }

  async show(): Promise<void> {
    let campaigns: Campaign[];
    try {
      ({ campaigns } = await api<{ campaigns: Campaign[] }>(`/v1/campaigns${query({ site: this.site(), examples: 3 })}`));
    } catch (err) {
      this.list.replaceChildren(h('p', { class: 'status' }, err instanceof ApiError ? err.message : t('campaigns.loadFailed')));
      return;
    }
    this.list.replaceChildren(
      ...(campaigns.length ? campaigns.map((c) => this.card(c)) : [h('p', { class: 'status empty' }, t('campaigns.empty'))]),
    );
  }

  hide(): void {}

  private card(c: Campaign): HTMLElement {
    const sites = Object.entries(c.sites);
    const title = c.kind === 'text' ? `“${c.examples[0]?.content.slice(0, 60) ?? c.value}…”` : c.value;
    return h(
      'article',
      { class: 'campaign-card', 'aria-label': t('campaigns.card', { kind: t(KIND[c.kind]), value: c.value }) },
      h('header', {}, h('span', { class: 'kind' }, t(KIND[c.kind])), h('h2', {}, title)),
      h(
        'dl',
        { class: 'figures' },
        h('div', {}, h('dt', {}, t('campaigns.held')), h('dd', {}, formatNumber(c.held))),
        h('div', {}, h('dt', {}, t('campaigns.comments')), h('dd', {}, formatNumber(c.comments))),
        h('div', {}, h('dt', {}, t('campaigns.posts')), h('dd', {}, formatNumber(c.posts))),
        h('div', {}, h('dt', {}, t('campaigns.sites', { count: sites.length })), h('dd', { title: sites.map(([s, n]) => `${s}: ${formatNumber(n)}`).join(', ') }, formatNumber(sites.length))),
      ),
      h('ul', { class: 'examples' }, ...c.examples.map((e) => h('li', {}, h('b', {}, e.author ?? t('common.anonymous')), t('campaigns.examplePost', { post: e.postId }), e.content))),
      h('div', { class: 'actions' }, this.bulkButton(c, 'spam'), this.bulkButton(c, 'ham')),
    );
  }

  /** A button that acts on its second press, and names what it will do. */
  private bulkButton(c: Campaign, verdict: HumanVerdict): HTMLButtonElement {
    const label = t(verdict === 'spam' ? 'campaigns.spamAll' : 'campaigns.approveAll', { count: c.held });
    const button = h('button', { type: 'button', class: verdict === 'spam' ? 'spam' : 'approve' }, label);
    let armed = false;
    button.addEventListener('blur', () => {
      armed = false;
      button.textContent = label;
    });
    button.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        button.textContent = t(verdict === 'spam' ? 'campaigns.confirmSpam' : 'campaigns.confirmApprove', { count: c.held });
        return;
      }
      button.disabled = true;
      try {
        const site = this.site();
        const body = { verdict, campaign: { kind: c.kind, value: c.value }, ...(site ? { site } : {}) };
        const outcome = await api<BulkOutcome>('/v1/decisions', { method: 'POST', body });
        announce(t(verdict === 'spam' ? 'campaigns.doneSpam' : 'campaigns.doneApprove', { count: outcome.decided.length }));
        this.changed();
        await this.show();
      } catch (err) {
        button.disabled = false;
        announce(t('common.notSaved', { message: (err as Error).message }));
      }
    });
    return button;
  }
}
