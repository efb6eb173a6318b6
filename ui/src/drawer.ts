/**
 * The details drawer: everything about one comment in a modal dialog (full screen on a phone, a right-hand panel on a
 * wide screen): who and where, the whole text with its evidence marked, every reason and what would publish it, the
 * decisions taken on it, its campaigns, the author's other comments here, and a decision that can be reversed at any
 * time. Everything a commenter wrote goes in as text (h), never as HTML.
 */
import { api, ApiError, query } from './api.js';
import { ago, announce, bidiMarked, h, visibleText } from './dom.js';
import { highlighted } from './highlight.js';
import type { CampaignSummary, Decision, DecisionOutcome, HumanVerdict, Reason, RelatedItem, RelatedPage, ReviewItem, Verdict } from './types.js';

/** What the drawer needs from the view that opened it. */
export interface DrawerHost {
  /** A decision was saved from the drawer (`key` is `site\nid`, as the queue keys its rows). */
  decided(key: string, verdict: HumanVerdict, at: string): void;
  /** Shows a campaign's comments; without it the drawer offers no button. */
  openCampaign?(kind: string, value: string): void;
}

/** The verdict as the API states it, with who decided it. */
type State = Pick<Verdict, 'status' | 'verdict'> & { readonly decidedBy?: string | undefined };

const RELATED_PAGE = 10;
const SNIPPET = 200;

const BAND: Record<Verdict['verdict'], { class: string; words: string }> = {
  spam: { class: 'score high', words: 'in the rejected band' },
  review: { class: 'score mid', words: 'in the held band' },
  ham: { class: 'score low', words: 'in the published band' },
};
const DECIDED: Record<HumanVerdict, string> = { ham: 'Approved', spam: 'Rejected as spam' };
const MACHINE: Record<Verdict['verdict'], string> = { review: 'Held', ham: 'Published', spam: 'Rejected' };
const MATCHED: Record<RelatedItem['matched'][number], string> = { name: 'name', email: 'e-mail', ip: 'IP', domain: 'link domain' };
const KIND: Record<CampaignSummary['kind'], string> = { domain: 'Link domain', author: 'Author name', text: 'Same text', brand: 'Brand' };

/** The drawer showing now, and where focus goes back to when it closes. */
let current: { dialog: HTMLDialogElement; returnTo: HTMLElement | null } | undefined;

/** Opens the drawer for a comment (replacing one already open). */
export function openDrawer(item: ReviewItem, host: DrawerHost): void {
  const returnTo = current?.returnTo ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
  if (current) {
    current.returnTo = null;
    current.dialog.close();
  }
  const dialog = new Drawer(item, host).dialog;
  current = { dialog, returnTo };
  dialog.addEventListener('close', () => {
    dialog.remove();
    if (current?.dialog !== dialog) return;
    const back = current.returnTo;
    current = undefined;
    // The row that opened it, or, when a decision folded that row away, the row the queue moved on to.
    const target = back?.isConnected ? back : document.querySelector<HTMLElement>('.row.current');
    target?.focus({ preventScroll: true });
  });
  document.body.append(dialog);
  dialog.showModal();
  dialog.querySelector<HTMLElement>('#drawer-title')?.focus();
}

/** Closes the drawer, if one is open; focus goes back to where it was. */
export function closeDrawer(): void {
  current?.dialog.close();
}

/** `s` as a status word: the verdict and whether a person decided it. */
function stateWords(s: State): string {
  if (s.status === 'decided') return `${DECIDED[s.verdict as HumanVerdict] ?? s.verdict}${s.decidedBy ? ` by ${s.decidedBy}` : ''}`;
  if (s.status === 'queued') return 'Waiting for its verdict';
  return `${MACHINE[s.verdict]} by the machine`;
}

/** A chip for a comment's state. */
function stateChip(s: State): HTMLElement {
  const tone = s.verdict === 'spam' ? 'spam' : s.verdict === 'ham' ? 'ham' : 'review';
  return h('span', { class: `state ${tone}` }, s.status === 'decided' ? DECIDED[s.verdict as HumanVerdict] ?? s.verdict : s.status === 'queued' ? 'Waiting' : MACHINE[s.verdict]);
}

/** A time as "3 min ago", with the exact time on hover. */
const when = (iso: string): HTMLElement => h('time', { datetime: iso, title: iso }, ago(iso));

/** Only http(s) URLs become links (a `javascript:` permalink stays text); they open in a new tab, telling it nothing. */
function safeLink(url: string, label: string): HTMLElement {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return h('span', { class: 'unlinked' }, ...visibleText(url));
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, label, h('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}

/** A reason with the weights, messages and evidence of every time its code fired. */
interface MergedReason {
  readonly code: string;
  weight: number;
  readonly messages: string[];
  readonly evidence: Array<{ field: string; match: string }>;
}

/** Every reason, merged by code (a code that fired twice shows once, its weights summed), strongest first. */
function mergeReasons(reasons: readonly Reason[]): MergedReason[] {
  const byCode = new Map<string, MergedReason>();
  for (const r of reasons) {
    if (r.weight === 0 && r.code !== 'reported') continue;
    const kept = byCode.get(r.code) ?? { code: r.code, weight: 0, messages: [], evidence: [] };
    kept.weight += r.weight;
    if (!kept.messages.includes(r.message)) kept.messages.push(r.message);
    for (const e of r.evidence ?? []) if (e.match && !kept.evidence.some((k) => k.field === e.field && k.match === e.match)) kept.evidence.push({ field: e.field, match: e.match });
    byCode.set(r.code, kept);
  }
  return [...byCode.values()].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}

/** One section of the drawer, titled. */
function section(id: string, title: string, ...children: Array<Node | false | undefined>): HTMLElement {
  return h('section', { class: 'drawer-section', 'aria-labelledby': `drawer-${id}` }, h('h3', { id: `drawer-${id}` }, title), ...children);
}

/** A term and its description, left out when there is nothing to say. */
function entry(term: string, ...value: Array<Node | string>): Node[] {
  return value.length === 0 ? [] : [h('dt', {}, term), h('dd', {}, ...value)];
}

class Drawer {
  readonly dialog: HTMLDialogElement;
  private readonly key: string;
  private state: State;
  private readonly stateLine = h('p', { class: 'drawer-state', id: 'drawer-state' });
  private readonly actions = h('div', { class: 'actions drawer-actions' });
  private readonly actionStatus = h('p', { class: 'drawer-status', role: 'status' });
  private readonly history = h('div', { class: 'drawer-history', 'aria-live': 'polite' });
  private readonly related = h('ol', { class: 'drawer-related' });
  private readonly relatedStatus = h('div', { class: 'drawer-related-status' });

  constructor(
    private readonly item: ReviewItem,
    private readonly host: DrawerHost,
  ) {
    this.key = `${item.site}\n${item.id}`;
    const v = item.verdict as Verdict & { decidedBy?: string };
    this.state = { status: v.status as Verdict['status'], verdict: v.verdict, decidedBy: v.decidedBy };
    const name = item.comment.author.name;
    const close = h('button', { type: 'button', class: 'quiet drawer-close', onclick: () => this.dialog.close() }, 'Close', h('kbd', {}, 'Esc'));
    this.dialog = h(
      'dialog',
      { class: 'drawer', 'aria-labelledby': 'drawer-title', 'aria-describedby': 'drawer-state' },
      h(
        'div',
        { class: 'drawer-frame' },
        h(
          'header',
          { class: 'drawer-head' },
          h('h2', { id: 'drawer-title', tabindex: -1 }, `Comment by ${bidiMarked(name ?? 'Anonymous')}`),
          close,
        ),
        h('div', { class: 'drawer-body' }, this.whoWhere(), this.textSection(), this.whySection(), this.historySection(), this.campaignSection(), this.relatedSection()),
        h('footer', { class: 'drawer-foot' }, this.actions, this.actionStatus),
      ),
    );
    // A click on the backdrop (the dialog itself, outside its frame) closes it.
    this.dialog.addEventListener('click', (e) => {
      if (e.target === this.dialog) this.dialog.close();
    });
    this.renderState();
    void this.loadHistory();
    void this.loadRelated(undefined);
  }

  private whoWhere(): HTMLElement {
    const { comment, verdict, site } = this.item;
    const a = comment.author;
    return section(
      'who',
      'Who and where',
      h(
        'dl',
        { class: 'drawer-facts' },
        ...entry('Author', ...(a.name ? highlighted(a.name, verdict, ['author.name']) : ['Anonymous'])),
        ...entry('E-mail', ...(a.email ? highlighted(a.email, verdict, ['author.email']) : [])),
        ...entry('IP', ...(a.ip ? highlighted(a.ip, verdict, ['author.ip']) : [])),
        ...entry('Website', ...(a.url ? highlighted(a.url, verdict, ['author.url']) : [])),
        ...entry('Site', ...visibleText(site)),
        ...entry('Post', ...visibleText(comment.postId)),
        ...entry('Received', h('time', { datetime: comment.receivedAt }, new Date(comment.receivedAt).toLocaleString()), ` (${ago(comment.receivedAt)})`),
        ...entry('Article', ...(comment.permalink ? [safeLink(comment.permalink, 'Open the article')] : [])),
        ...entry('Comment id', ...visibleText(this.item.id)),
      ),
    );
  }

  private textSection(): HTMLElement {
    const { comment, verdict } = this.item;
    return section('text', 'Text', h('p', { class: 'drawer-text' }, ...highlighted(comment.content, verdict, ['content', 'link'])));
  }

  private whySection(): HTMLElement {
    const { verdict } = this.item;
    const band = BAND[verdict.verdict];
    const reasons = mergeReasons(verdict.reasons);
    const without = verdict.counterfactual ?? [];
    return section(
      'why',
      'Why',
      h(
        'p',
        { class: 'drawer-score' },
        h('span', { class: band.class }, verdict.score.toFixed(2)),
        ` Spam score, ${band.words}.`,
      ),
      this.stateLine,
      h(
        'ul',
        { class: 'drawer-reasons' },
        ...reasons.map((r) =>
          h(
            'li',
            { class: 'drawer-reason', 'data-code': r.code },
            h(
              'p',
              { class: 'reason-head' },
              h('code', {}, r.code),
              r.code !== 'reported' && h('span', { class: `weight ${r.weight > 0 ? 'up' : 'down'}`, title: 'Log-odds toward spam' }, `${r.weight > 0 ? '+' : ''}${r.weight.toFixed(2)}`),
            ),
            ...r.messages.map((m) => h('p', { class: 'reason-message' }, m)),
            r.evidence.length > 0 &&
              h('p', { class: 'reason-evidence meta' }, 'Evidence: ', ...r.evidence.flatMap((e, i) => [i > 0 ? ', ' : '', `${e.field} `, h('mark', {}, ...visibleText(e.match))])),
          ),
        ),
      ),
      without.length > 0 &&
        h(
          'div',
          { class: 'drawer-without' },
          h('h4', {}, 'What would publish it'),
          h('ul', {}, ...without.map((c) => h('li', {}, c.message.replace(/^ham without /, 'Would be published without ')))),
        ),
    );
  }

  private historySection(): HTMLElement {
    return section('decisions', 'Decisions', this.history);
  }

  private campaignSection(): HTMLElement {
    const campaigns = this.item.campaigns;
    return section(
      'campaigns',
      'Campaigns',
      campaigns.length === 0
        ? h('p', { class: 'meta' }, 'It belongs to no campaign.')
        : h(
            'ul',
            { class: 'drawer-campaigns' },
            ...campaigns.map((c) => {
              const sites = Object.keys(c.sites).length;
              return h(
                'li',
                { 'data-kind': c.kind },
                h('span', { class: 'kind' }, KIND[c.kind]),
                h('b', {}, ...visibleText(c.value)),
                h('span', { class: 'meta' }, `${c.comments} comment${c.comments === 1 ? '' : 's'}, ${c.held} held, ${c.posts} post${c.posts === 1 ? '' : 's'}${sites > 1 ? `, ${sites} sites` : ''}`),
                this.host.openCampaign && h('button', { type: 'button', class: 'quiet', onclick: () => this.host.openCampaign?.(c.kind, c.value) }, 'Show campaign'),
              );
            }),
          ),
    );
  }

  private relatedSection(): HTMLElement {
    return section('related', "The author's other comments", h('p', { class: 'meta' }, 'Same name, e-mail, IP or link domain, on every site, newest first.'), this.related, this.relatedStatus);
  }

  /** The current state, and the decisions that would change it (both for a held comment). */
  private renderState(): void {
    const chip = stateChip(this.state);
    chip.textContent = stateWords(this.state);
    this.stateLine.replaceChildren(chip);
    const held = this.state.status !== 'decided';
    const buttons: HTMLButtonElement[] = [];
    if (held || this.state.verdict !== 'ham') buttons.push(h('button', { type: 'button', class: 'approve', onclick: () => void this.decide('ham') }, 'Approve'));
    if (held || this.state.verdict !== 'spam') buttons.push(h('button', { type: 'button', class: 'spam', onclick: () => void this.decide('spam') }, 'Reject as spam'));
    this.actions.replaceChildren(...buttons);
  }

  /** Decides (or reverses a decision), then shows the new state and history in place and tells the host. */
  private async decide(verdict: HumanVerdict): Promise<void> {
    const buttons = [...this.actions.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    this.actionStatus.classList.remove('error');
    this.actionStatus.textContent = 'Saving…';
    try {
      const out = await api<DecisionOutcome>(`/v1/comments/${encodeURIComponent(this.item.id)}/decision`, { method: 'POST', body: { site: this.item.site, verdict } });
      const v = out.verdict as Verdict & { decidedBy?: string };
      this.state = { status: v.status, verdict: v.verdict, decidedBy: v.decidedBy ?? out.decision.by.name };
      this.renderState();
      this.actionStatus.textContent = `${DECIDED[verdict]}. ${out.notified ? 'The site is being told.' : ''}`.trim();
      // The pressed button is gone: focus goes to the one that reverses it.
      this.actions.querySelector('button')?.focus();
      announce(`${DECIDED[verdict]}.`);
      this.host.decided(this.key, verdict, out.decision.at);
      await this.loadHistory();
    } catch (err) {
      for (const b of buttons) b.disabled = false;
      this.actionStatus.classList.add('error');
      this.actionStatus.textContent = `Not saved: ${(err as Error).message}`;
    }
  }

  private async loadHistory(): Promise<void> {
    if (this.history.childElementCount === 0) this.history.replaceChildren(h('p', { class: 'meta' }, 'Loading the decisions…'));
    try {
      const { decisions } = await api<{ decisions: Decision[] }>(`/v1/comments/${encodeURIComponent(this.item.id)}/decisions${query({ site: this.item.site })}`);
      this.history.replaceChildren(
        decisions.length === 0
          ? h('p', { class: 'meta' }, 'No one has decided it yet.')
          : h('ol', { class: 'drawer-decisions' }, ...decisions.map((d) => this.decisionItem(d))),
      );
    } catch (err) {
      this.history.replaceChildren(h('p', { class: 'error' }, `Could not load the decisions: ${(err as Error).message}`));
    }
  }

  private decisionItem(d: Decision): HTMLElement {
    return h(
      'li',
      { class: `decision ${d.verdict}${d.undone ? ' undone' : ''}` },
      h('p', {}, h('b', { class: `state ${d.verdict}` }, DECIDED[d.verdict]), ` by ${bidiMarked(d.by.name)} (${d.by.role}), `, when(d.at), h('span', { class: 'meta' }, ` · was ${MACHINE[d.before.verdict as Verdict['verdict']]?.toLowerCase() ?? d.before.verdict}${d.before.status === 'decided' ? ' by a person' : ''}`)),
      d.note && h('p', { class: 'note' }, h('span', { class: 'meta' }, 'Note: '), ...visibleText(d.note)),
      d.undone && h('p', { class: 'undone-by' }, `Undone by ${bidiMarked(d.undone.by.name)}, `, when(d.undone.at)),
    );
  }

  /** Lists a page of the author's other comments; pressed from the keyboard, focus goes on to what came (or More). */
  private async loadRelated(cursor: string | undefined): Promise<void> {
    const pressed = this.relatedStatus.contains(document.activeElement);
    this.relatedStatus.replaceChildren(h('p', { class: 'meta' }, 'Loading…'));
    if (pressed) {
      // The pressed button is gone: focus waits on the loading line, not on the page behind.
      this.relatedStatus.tabIndex = -1;
      this.relatedStatus.focus();
    }
    try {
      const page = await api<RelatedPage>(`/v1/comments/${encodeURIComponent(this.item.id)}/related${query({ site: this.item.site, limit: RELATED_PAGE, cursor })}`);
      const items = page.items.map((r) => this.relatedItem(r));
      this.related.append(...items);
      const next = page.nextCursor;
      const more = next ? h('button', { type: 'button', class: 'quiet more', onclick: () => void this.loadRelated(next) }, 'More') : undefined;
      this.relatedStatus.replaceChildren(...(this.related.childElementCount === 0 ? [h('p', { class: 'meta' }, 'No other comments by this author.')] : []), ...(more ? [more] : []));
      if (pressed) (items[0] ?? more)?.focus();
    } catch (err) {
      const retry = h('button', { type: 'button', class: 'quiet', onclick: () => void this.loadRelated(cursor) }, 'Try again');
      this.relatedStatus.replaceChildren(h('p', { class: 'error' }, `Could not load the author's comments: ${err instanceof ApiError ? err.message : (err as Error).message} `, retry));
      if (pressed) retry.focus();
    }
  }

  private relatedItem(r: RelatedItem): HTMLElement {
    const state: State = r.verdict ? { status: r.verdict.status, verdict: r.verdict.verdict } : { status: 'queued', verdict: 'review' };
    const chars = Array.from(r.comment.content);
    const text = chars.length > SNIPPET ? `${chars.slice(0, SNIPPET).join('')}…` : r.comment.content;
    return h(
      'li',
      { class: 'related', 'data-id': r.id, tabindex: -1 },
      h(
        'p',
        { class: 'related-head' },
        stateChip(state),
        h('b', {}, ...visibleText(r.comment.author.name ?? 'Anonymous')),
        h('span', { class: 'meta' }, ` on ${bidiMarked(r.comment.postId)}${r.site === this.item.site ? '' : ` (${bidiMarked(r.site)})`} · `, when(r.comment.receivedAt)),
      ),
      h('p', { class: 'related-matched meta' }, `Same ${r.matched.map((m) => MATCHED[m] ?? m).join(', ')}`),
      h('p', { class: 'related-text' }, ...visibleText(text)),
    );
  }
}
