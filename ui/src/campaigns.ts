/**
 * The campaign view: held comments grouped by what copies of one campaign share, largest first, so one decision
 * clears forty copies. Bulk buttons ask once more before acting ("Spam 40 held" → "Confirm: spam 40").
 */
import { api, ApiError, query } from './api.js';
import { announce, h } from './dom.js';
import type { BulkOutcome, Campaign, HumanVerdict } from './types.js';

const KIND: Record<Campaign['kind'], string> = { domain: 'Link domain', author: 'Author name', text: 'Near-identical text', brand: 'Brand' };

export class CampaignView {
  readonly root: HTMLElement;
  private readonly list: HTMLElement;

  constructor(private readonly site: () => string | undefined, private readonly changed: () => void) {
    this.list = h('div', { class: 'campaign-list' });
    this.root = h('section', { class: 'view', 'aria-labelledby': 'campaigns-title' },
      h('div', { class: 'toolbar' }, h('h1', { id: 'campaigns-title' }, 'Campaigns'), h('p', { class: 'meta' }, 'Held comments that share a link domain, an author name, their text or a brand.')),
      this.list,
    );
  }

  async show(): Promise<void> {
    let campaigns: Campaign[];
    try {
      ({ campaigns } = await api<{ campaigns: Campaign[] }>(`/v1/campaigns${query({ site: this.site(), examples: 3 })}`));
    } catch (err) {
      this.list.replaceChildren(h('p', { class: 'status' }, err instanceof ApiError ? err.message : 'Could not load campaigns.'));
      return;
    }
    this.list.replaceChildren(
      ...(campaigns.length ? campaigns.map((c) => this.card(c)) : [h('p', { class: 'status empty' }, 'No campaign has two or more held comments right now.')]),
    );
  }

  hide(): void {}

  private card(c: Campaign): HTMLElement {
    const sites = Object.entries(c.sites);
    const title = c.kind === 'text' ? `“${c.examples[0]?.content.slice(0, 60) ?? c.value}…”` : c.value;
    return h(
      'article',
      { class: 'campaign-card', 'aria-label': `${KIND[c.kind]} ${c.value}` },
      h('header', {}, h('span', { class: 'kind' }, KIND[c.kind]), h('h2', {}, title)),
      h(
        'dl',
        { class: 'figures' },
        h('div', {}, h('dt', {}, 'held'), h('dd', {}, c.held)),
        h('div', {}, h('dt', {}, 'in all'), h('dd', {}, c.comments)),
        h('div', {}, h('dt', {}, 'posts'), h('dd', {}, c.posts)),
        h('div', {}, h('dt', {}, sites.length === 1 ? 'site' : 'sites'), h('dd', { title: sites.map(([s, n]) => `${s}: ${n}`).join(', ') }, sites.length)),
      ),
      h('ul', { class: 'examples' }, ...c.examples.map((e) => h('li', {}, h('b', {}, e.author ?? 'Anonymous'), ` on ${e.postId}: `, e.content))),
      h('div', { class: 'actions' }, this.bulkButton(c, 'spam'), this.bulkButton(c, 'ham')),
    );
  }

  /** A button that acts on its second press, and names what it will do. */
  private bulkButton(c: Campaign, verdict: HumanVerdict): HTMLButtonElement {
    const label = `${verdict === 'spam' ? 'Spam' : 'Approve'} all ${c.held} held`;
    const button = h('button', { type: 'button', class: verdict === 'spam' ? 'spam' : 'approve' }, label);
    let armed = false;
    button.addEventListener('blur', () => {
      armed = false;
      button.textContent = label;
    });
    button.addEventListener('click', async () => {
      if (!armed) {
        armed = true;
        button.textContent = `Confirm: ${verdict === 'spam' ? 'spam' : 'approve'} ${c.held}`;
        return;
      }
      button.disabled = true;
      try {
        const site = this.site();
        const body = { verdict, campaign: { kind: c.kind, value: c.value }, ...(site ? { site } : {}) };
        const outcome = await api<BulkOutcome>('/v1/decisions', { method: 'POST', body });
        announce(`${verdict === 'spam' ? 'Marked spam' : 'Approved'}: ${outcome.decided.length} comments.`);
        this.changed();
        await this.show();
      } catch (err) {
        button.disabled = false;
        announce(`Not saved: ${(err as Error).message}`);
      }
    });
    return button;
  }
}
