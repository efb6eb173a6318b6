/**
 * The details drawer: everything about one comment in a modal dialog (full screen on a phone, a right-hand panel on a
 * wide screen): who and where, the whole text with its evidence marked, every reason and what would publish it, the
 * decisions taken on it, its campaigns, the author's other comments here, and a decision that can be reversed at any
 * time. Everything a commenter wrote goes in as text (h), never as HTML.
 */
import { api, ApiError, query } from './api.js';
import { ago, announce, bidiMarked, h, visibleText } from './dom.js';
import { highlighted } from './highlight.js';
import { formatDateTime, t } from './i18n.js';
import type { Decision, DecisionOutcome, HumanVerdict, Reason, RelatedItem, RelatedPage, ReviewItem, Verdict } from './types.js';

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

const BAND: Record<Verdict['verdict'], string> = { spam: 'score high', review: 'score mid', ham: 'score low' };

const VERDICTS = ['review', 'ham', 'spam'] as const;
const HUMAN = ['ham', 'spam'] as const;
const MATCHED = ['name', 'email', 'ip', 'domain'] as const;
const ROLES = ['moderator', 'operator'] as const;
/** Whether a value the server sent is one the page has words for (else it is shown as it came). */
const isOf = <T extends string>(list: readonly T[], v: string): v is T => (list as readonly string[]).includes(v);
/** "Approved", "Rejected as spam": what a person decided. */
const decided = (v: string): string => (isOf(HUMAN, v) ? t(`drawer.decided.${v}`) : v);
/** "Held", "Published", "Rejected": what the machine did. */
const machine = (v: string): string => (isOf(VERDICTS, v) ? t(`drawer.machine.${v}`) : v);

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
  if (s.status === 'decided') return s.decidedBy ? t('row.decidedBy', { verdict: decided(s.verdict), who: s.decidedBy }) : decided(s.verdict);
  if (s.status === 'queued') return t('drawer.waitingVerdict');
  return t('row.decidedByMachine', { verdict: machine(s.verdict) });
}

/** A chip for a comment's state. */
function stateChip(s: State): HTMLElement {
  const tone = s.verdict === 'spam' ? 'spam' : s.verdict === 'ham' ? 'ham' : 'review';
  return h('span', { class: `state ${tone}` }, s.status === 'decided' ? decided(s.verdict) : s.status === 'queued' ? t('drawer.waiting') : machine(s.verdict));
}

/** A time as "3 min ago", with the exact time on hover. */
const when = (iso: string): HTMLElement => h('time', { datetime: iso, title: iso }, ago(iso));

/** The service says `ham without …`; a moderator reads "Would be published without …" (any other sentence as it came). */
function wouldPublish(message: string): string {
  const what = /^ham without ([\s\S]+)$/.exec(message)?.[1];
  return what === undefined ? message : t('row.wouldPublish', { what });
}

/** Only http(s) URLs become links (a `javascript:` permalink stays text); they open in a new tab, telling it nothing. */
function safeLink(url: string, label: string): HTMLElement {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) return h('span', { class: 'unlinked' }, ...visibleText(url));
  return h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, label, h('span', { class: 'visually-hidden' }, t('drawer.newTab')));
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
    const close = h('button', { type: 'button', class: 'quiet drawer-close', onclick: () => this.dialog.close() }, t('drawer.close'), h('kbd', {}, 'Esc'));
    this.dialog = h(
      'dialog',
      { class: 'drawer', 'aria-labelledby': 'drawer-title', 'aria-describedby': 'drawer-state' },
      h(
        'div',
        { class: 'drawer-frame' },
        h(
          'header',
          { class: 'drawer-head' },
          h('h2', { id: 'drawer-title', tabindex: -1 }, t('drawer.title', { name: bidiMarked(name ?? t('common.anonymous')) })),
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
      t('drawer.who'),
      h(
        'dl',
        { class: 'drawer-facts' },
        ...entry(t('drawer.fact.author'), ...(a.name ? highlighted(a.name, verdict, ['author.name']) : [t('common.anonymous')])),
        ...entry(t('drawer.fact.email'), ...(a.email ? highlighted(a.email, verdict, ['author.email']) : [])),
        ...entry(t('drawer.fact.ip'), ...(a.ip ? highlighted(a.ip, verdict, ['author.ip']) : [])),
        ...entry(t('drawer.fact.website'), ...(a.url ? highlighted(a.url, verdict, ['author.url']) : [])),
        ...entry(t('drawer.fact.site'), ...visibleText(site)),
        ...entry(t('drawer.fact.post'), ...visibleText(comment.postId)),
        ...entry(t('drawer.fact.received'), h('time', { datetime: comment.receivedAt }, formatDateTime(comment.receivedAt)), ` (${ago(comment.receivedAt)})`),
        ...entry(t('drawer.fact.article'), ...(comment.permalink ? [safeLink(comment.permalink, t('drawer.openArticle'))] : [])),
        ...entry(t('drawer.fact.id'), ...visibleText(this.item.id)),
      ),
    );
  }

  private textSection(): HTMLElement {
    const { comment, verdict } = this.item;
    return section('text', t('drawer.text'), h('p', { class: 'drawer-text' }, ...highlighted(comment.content, verdict, ['content', 'link'])));
  }

  private whySection(): HTMLElement {
    const { verdict } = this.item;
    const reasons = mergeReasons(verdict.reasons);
    const without = verdict.counterfactual ?? [];
    return section(
      'why',
      t('drawer.why'),
      h(
        'p',
        { class: 'drawer-score' },
        h('span', { class: BAND[verdict.verdict] }, verdict.score.toFixed(2)),
        ` ${t(`drawer.band.${verdict.verdict}`)}`,
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
              r.code !== 'reported' && h('span', { class: `weight ${r.weight > 0 ? 'up' : 'down'}`, title: t('drawer.weight') }, `${r.weight > 0 ? '+' : ''}${r.weight.toFixed(2)}`),
            ),
            ...r.messages.map((m) => h('p', { class: 'reason-message' }, m)),
            r.evidence.length > 0 &&
              h('p', { class: 'reason-evidence meta' }, t('drawer.evidence'), ...r.evidence.flatMap((e, i) => [i > 0 ? ', ' : '', `${e.field} `, h('mark', {}, ...visibleText(e.match))])),
          ),
        ),
      ),
      without.length > 0 &&
        h(
          'div',
          { class: 'drawer-without' },
          h('h4', {}, t('drawer.without')),
          h('ul', {}, ...without.map((c) => h('li', {}, wouldPublish(c.message)))),
        ),
    );
  }

  private historySection(): HTMLElement {
    return section('decisions', t('drawer.decisions'), this.history);
  }

  private campaignSection(): HTMLElement {
    const campaigns = this.item.campaigns;
    return section(
      'campaigns',
      t('drawer.campaigns'),
      campaigns.length === 0
        ? h('p', { class: 'meta' }, t('drawer.noCampaign'))
        : h(
            'ul',
            { class: 'drawer-campaigns' },
            ...campaigns.map((c) => {
              const sites = Object.keys(c.sites).length;
              const counts = [t('drawer.campaignComments', { count: c.comments }), t('drawer.campaignHeld', { count: c.held }), t('row.posts', { count: c.posts })];
              if (sites > 1) counts.push(t('row.sites', { count: sites }));
              return h(
                'li',
                { 'data-kind': c.kind },
                h('span', { class: 'kind' }, t(`drawer.kind.${c.kind}`)),
                h('b', {}, ...visibleText(c.value)),
                h('span', { class: 'meta' }, counts.join(', ')),
                this.host.openCampaign && h('button', { type: 'button', class: 'quiet', onclick: () => this.host.openCampaign?.(c.kind, c.value) }, t('drawer.showCampaign')),
              );
            }),
          ),
    );
  }

  private relatedSection(): HTMLElement {
    return section('related', t('drawer.related'), h('p', { class: 'meta' }, t('drawer.relatedAbout')), this.related, this.relatedStatus);
  }

  /** The current state, and the decisions that would change it (both for a held comment). */
  private renderState(): void {
    const chip = stateChip(this.state);
    chip.textContent = stateWords(this.state);
    this.stateLine.replaceChildren(chip);
    const held = this.state.status !== 'decided';
    const buttons: HTMLButtonElement[] = [];
    if (held || this.state.verdict !== 'ham') buttons.push(h('button', { type: 'button', class: 'approve', onclick: () => void this.decide('ham') }, t('drawer.approve')));
    if (held || this.state.verdict !== 'spam') buttons.push(h('button', { type: 'button', class: 'spam', onclick: () => void this.decide('spam') }, t('drawer.spam')));
    this.actions.replaceChildren(...buttons);
  }

  /** Decides (or reverses a decision), then shows the new state and history in place and tells the host. */
  private async decide(verdict: HumanVerdict): Promise<void> {
    const buttons = [...this.actions.querySelectorAll('button')];
    for (const b of buttons) b.disabled = true;
    this.actionStatus.classList.remove('error');
    this.actionStatus.textContent = t('drawer.saving');
    try {
      const out = await api<DecisionOutcome>(`/v1/comments/${encodeURIComponent(this.item.id)}/decision`, { method: 'POST', body: { site: this.item.site, verdict } });
      const v = out.verdict as Verdict & { decidedBy?: string };
      this.state = { status: v.status, verdict: v.verdict, decidedBy: v.decidedBy ?? out.decision.by.name };
      this.renderState();
      this.actionStatus.textContent = `${t(`drawer.done.${verdict}`)} ${out.notified ? t('drawer.notified') : ''}`.trim();
      // The pressed button is gone: focus goes to the one that reverses it.
      this.actions.querySelector('button')?.focus();
      announce(t(`drawer.done.${verdict}`));
      this.host.decided(this.key, verdict, out.decision.at);
      await this.loadHistory();
    } catch (err) {
      for (const b of buttons) b.disabled = false;
      this.actionStatus.classList.add('error');
      this.actionStatus.textContent = t('common.notSaved', { message: (err as Error).message });
    }
  }

  private async loadHistory(): Promise<void> {
    if (this.history.childElementCount === 0) this.history.replaceChildren(h('p', { class: 'meta' }, t('drawer.loadingDecisions')));
    try {
      const { decisions } = await api<{ decisions: Decision[] }>(`/v1/comments/${encodeURIComponent(this.item.id)}/decisions${query({ site: this.item.site })}`);
      this.history.replaceChildren(
        decisions.length === 0
          ? h('p', { class: 'meta' }, t('drawer.noDecisions'))
          : h('ol', { class: 'drawer-decisions' }, ...decisions.map((d) => this.decisionItem(d))),
      );
    } catch (err) {
      this.history.replaceChildren(h('p', { class: 'error' }, t('drawer.decisionsFailed', { message: (err as Error).message })));
    }
  }

  private decisionItem(d: Decision): HTMLElement {
    const role = isOf(ROLES, d.by.role) ? t(`drawer.role.${d.by.role}`) : d.by.role;
    const before = isOf(VERDICTS, d.before.verdict) ? t(`drawer.wasState.${d.before.verdict}`) : d.before.verdict;
    return h(
      'li',
      { class: `decision ${d.verdict}${d.undone ? ' undone' : ''}` },
      h(
        'p',
        {},
        h('b', { class: `state ${d.verdict}` }, decided(d.verdict)),
        t('drawer.decisionBy', { who: bidiMarked(d.by.name), role }),
        when(d.at),
        h('span', { class: 'meta' }, d.before.status === 'decided' ? t('drawer.wasByPerson', { state: before }) : t('drawer.was', { state: before })),
      ),
      d.note && h('p', { class: 'note' }, h('span', { class: 'meta' }, t('drawer.note')), ...visibleText(d.note)),
      d.undone && h('p', { class: 'undone-by' }, t('drawer.undoneBy', { who: bidiMarked(d.undone.by.name) }), when(d.undone.at)),
    );
  }

  /** Lists a page of the author's other comments; pressed from the keyboard, focus goes on to what came (or More). */
  private async loadRelated(cursor: string | undefined): Promise<void> {
    const pressed = this.relatedStatus.contains(document.activeElement);
    this.relatedStatus.replaceChildren(h('p', { class: 'meta' }, t('drawer.loading')));
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
      const more = next ? h('button', { type: 'button', class: 'quiet more', onclick: () => void this.loadRelated(next) }, t('drawer.more')) : undefined;
      this.relatedStatus.replaceChildren(...(this.related.childElementCount === 0 ? [h('p', { class: 'meta' }, t('drawer.noRelated'))] : []), ...(more ? [more] : []));
      if (pressed) (items[0] ?? more)?.focus();
    } catch (err) {
      const retry = h('button', { type: 'button', class: 'quiet', onclick: () => void this.loadRelated(cursor) }, t('drawer.tryAgain'));
      this.relatedStatus.replaceChildren(h('p', { class: 'error' }, t('drawer.relatedFailed', { message: err instanceof ApiError ? err.message : (err as Error).message }), retry));
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
        h('b', {}, ...visibleText(r.comment.author.name ?? t('common.anonymous'))),
        h(
          'span',
          { class: 'meta' },
          r.site === this.item.site ? t('drawer.relatedOn', { post: bidiMarked(r.comment.postId) }) : t('drawer.relatedOnSite', { post: bidiMarked(r.comment.postId), site: bidiMarked(r.site) }),
          when(r.comment.receivedAt),
        ),
      ),
      h('p', { class: 'related-matched meta' }, t('drawer.same', { what: r.matched.map((m) => (isOf(MATCHED, m) ? t(`drawer.matched.${m}`) : m)).join(', ') })),
      h('p', { class: 'related-text' }, ...visibleText(text)),
    );
  }
}
