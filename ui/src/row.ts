/** One held comment as a row of the queue: who, where, the text with its evidence marked, why, and the actions. */
import { api, ApiError, query } from './api.js';
import { ago, bidiMarked, h } from './dom.js';
import { t } from './i18n.js';
import { highlighted } from './highlight.js';
import type { BlockTarget, CampaignSummary, Reason, ReviewItem, Verdict } from './types.js';

/** The row's actions, wired by the queue. */
export interface RowActions {
  approve(): void;
  spam(): void;
  block(): void;
  toggle(selected: boolean): void;
  focus(): void;
  /** Shows the comments of a campaign. */
  campaign(kind: string, value: string): void;
  /** Opens the details drawer. */
  details(): void;
}


/** What "spam and block" blocks for a comment: its link domain, else its author's email, else the IP. */
export function blockTarget(item: ReviewItem): { target: BlockTarget; value: string } | undefined {
  const domain = item.campaigns.find((c) => c.kind === 'domain')?.value;
  if (domain) return { target: 'domain', value: domain };
  if (item.comment.author.email) return { target: 'email', value: item.comment.author.email };
  if (item.comment.author.ip) return { target: 'ip', value: item.comment.author.ip };
  return undefined;
}

/**
 * A CSS class for the score chip by the verdict band the site's thresholds put the comment in (a held comment at 0.50
 * is held, not "low"): spam red, review amber, ham green.
 */
const BAND_CLASS: Record<Verdict['verdict'], string> = { spam: 'score high', review: 'score mid', ham: 'score low' };

/** A stable DOM id for a row's parts. */
export const rowDomId = (key: string): string => `c-${Array.from(key, (c) => c.charCodeAt(0).toString(36)).join('')}`.slice(0, 120);

/** The reasons with their weights merged by code (a code that fired twice shows once), strongest first. */
function mergedReasons(item: ReviewItem): Reason[] {
  const byCode = new Map<string, Reason>();
  for (const r of item.verdict.reasons) {
    if (r.code === 'prior' || r.code === 'reported' || r.weight === 0) continue;
    const kept = byCode.get(r.code);
    byCode.set(r.code, kept ? { ...kept, weight: kept.weight + r.weight } : r);
  }
  return [...byCode.values()].sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
}

/** The CMS's report as the service words it ("Reported by the CMS: spam link"), in the page's language. */
function reportedSaid(message: string): string {
  const m = /^Reported by the CMS(?:: (.*))?$/s.exec(message);
  if (!m) return message;
  return m[1] ? t('row.reported', { reason: m[1] }) : t('row.reportedByReader');
}

/**
 * Why the comment is where it is, in words: the reader's report, the messages of the strongest reasons that pushed
 * it toward spam, and what it would take to publish it (the counterfactual). The codes and weights are one click away.
 */
function whyLine(item: ReviewItem): HTMLElement {
  const reported = item.verdict.reasons.find((r) => r.code === 'reported');
  const merged = mergedReasons(item);
  // Campaign-memory reasons have their own box above (with links to the earlier comments): not said twice.
  const top = merged.filter((r) => r.weight > 0 && !r.code.startsWith('memory.')).slice(0, 2);
  // The service says `ham without …`; a moderator reads "would be published without …".
  // The first item names the whole set ("… (and the 3 other reasons listed)"): one sentence is enough in the row.
  const without = (item.verdict.counterfactual ?? []).slice(0, 1).map((c) => c.message.replace(/^ham without /, ''));
  return h(
    'div',
    { class: 'why' },
    h(
      'p',
      { class: 'why-text' },
      reported && h('span', { class: 'why-reported' }, reportedSaid(reported.message)),
      ...top.map((r) => h('span', { class: 'why-reason' }, r.message)),
      without.length > 0 && h('span', { class: 'why-without' }, t('row.wouldPublish', { what: without.join('; ') })),
    ),
    merged.length > 0 &&
      h(
        'details',
        { class: 'codes' },
        h('summary', {}, t('row.codes')),
        h(
          'ul',
          { class: 'reasons', 'aria-label': t('row.reasons') },
          ...merged.slice(0, 8).map((r) =>
            h('li', { class: `chip ${r.weight > 0 ? 'up' : 'down'}`, title: r.message }, r.code, h('span', { class: 'weight' }, `${r.weight > 0 ? '+' : ''}${r.weight.toFixed(1)}`)),
          ),
        ),
      ),
  );
}

function campaignLine(item: ReviewItem, actions: RowActions): HTMLElement | false {
  const campaigns = item.campaigns.filter((c) => c.comments >= 2);
  if (campaigns.length === 0) return false;
  return h(
    'p',
    { class: 'campaigns' },
    h('span', { class: 'label' }, t('row.campaign')),
    ...campaigns.map((c) => {
      const sites = Object.keys(c.sites).length;
      const where = `${t('row.posts', { count: c.posts })}${sites > 1 ? `, ${t('row.sites', { count: sites })}` : ''}`;
      const what = t('row.campaignTitle', { kind: t(`row.kind.${c.kind}`), value: c.value });
      return h(
        'button',
        { type: 'button', class: 'campaign', title: t('row.campaignShow', { what }), onclick: () => actions.campaign(c.kind, c.value) },
        h('b', {}, c.kind === 'text' ? t('row.sameText') : c.value),
        ` ${t('row.campaignHeld', { held: c.held, where })}`,
      );
    }),
  );
}

/** A comment a campaign-memory reason points to. */
interface MemoryExample {
  readonly site: string;
  readonly id: string;
}

/** The examples of a `memory.*` reason (`data.examples`: up to 3 `{site, id}`), whatever the data holds. */
function memoryExamples(r: Reason): MemoryExample[] {
  const examples = r.data?.['examples'];
  if (!Array.isArray(examples)) return [];
  return examples
    .filter((e): e is MemoryExample => typeof e === 'object' && e !== null && typeof (e as MemoryExample).site === 'string' && typeof (e as MemoryExample).id === 'string')
    .slice(0, 3);
}


/** One earlier comment, opened in the page: what was decided about it and why (the API has its verdict, not its text). */
async function openExample(panel: HTMLElement, link: HTMLAnchorElement, e: MemoryExample): Promise<void> {
  if (!panel.hidden && panel.dataset['open'] === link.href) {
    panel.hidden = true;
    link.setAttribute('aria-expanded', 'false');
    return;
  }
  for (const other of panel.parentElement?.querySelectorAll('a[aria-expanded]') ?? []) other.setAttribute('aria-expanded', 'false');
  link.setAttribute('aria-expanded', 'true');
  panel.dataset['open'] = link.href;
  panel.hidden = false;
  panel.replaceChildren(h('p', { class: 'meta' }, t('row.loading')));
  try {
    const v = await api<Verdict & { decidedBy?: string; decidedAt?: string }>(`/v1/comments/${encodeURIComponent(e.id)}${query({ site: e.site })}`);
    const verdict = t(`row.verdict.${v.verdict}`);
    const said = v.decidedBy ? t('row.decidedBy', { verdict, who: v.decidedBy }) : t('row.decidedByMachine', { verdict });
    const when = v.decidedAt ?? v.receivedAt;
    const reasons = (v.reasons ?? []).filter((r) => r.code !== 'prior' && r.weight > 0).sort((a, b) => b.weight - a.weight).slice(0, 3);
    panel.replaceChildren(
      h('p', {}, h('b', {}, `${e.site} · ${e.id}`), ` — ${said}, `, h('time', { datetime: when, title: when }, ago(when)), ` · ${t('row.score', { score: v.score.toFixed(2) })}`),
      ...(reasons.length > 0 ? [h('ul', { class: 'example-reasons' }, ...reasons.map((r) => h('li', {}, r.message)))] : []),
    );
  } catch (err) {
    panel.replaceChildren(h('p', { class: 'meta' }, err instanceof ApiError && err.status === 404 ? t('row.exampleGone') : t('row.exampleFailed')));
  }
}

/**
 * Why a held comment was held because of the moderators' earlier decisions (the campaign memory's `memory.*`
 * reasons): the reason's own sentence, and the earlier comments it resembles as links that open them in the page.
 * Everything goes in as text (h), never as HTML.
 */
function memoryLine(item: ReviewItem, id: string): HTMLElement | false {
  const reasons = item.verdict.reasons.filter((r) => r.code.startsWith('memory.') && r.weight > 0);
  if (reasons.length === 0 || item.verdict.verdict !== 'review') return false;
  const panel = h('div', { class: 'example-view', id: `${id}-example`, hidden: true, 'aria-live': 'polite' });
  const shared = reasons.every((r) => r.data?.['scope'] === 'shared');
  return h(
    'div',
    { class: 'memory', role: 'note' },
    h('p', { class: 'memory-why' }, h('span', { class: 'label' }, shared ? t('row.memoryShared') : t('row.memory'))),
    ...reasons.map((r) => {
      const examples = memoryExamples(r);
      return h(
        'p',
        { class: 'memory-reason' },
        r.message,
        examples.length > 0 && h('span', { class: 'meta' }, t('row.rejectedBefore')),
        ...examples.flatMap((e, i) => {
          const link = h('a', {
            href: `/v1/comments/${encodeURIComponent(e.id)}${query({ site: e.site })}`,
            class: 'example',
            'aria-controls': panel.id,
            'aria-expanded': 'false',
            title: t('row.openExample', { id: e.id, site: e.site }),
          }, e.site === item.site ? e.id : `${e.id} (${e.site})`);
          link.addEventListener('click', (ev) => {
            ev.preventDefault();
            void openExample(panel, link, e);
          });
          return i === 0 ? [link] : [', ', link];
        }),
      );
    }),
    panel,
  );
}

/**
 * Where a comment is, when that is not simply "held": rejected or published by the machine, decided by a person, or
 * (shadow mode) published although Sluice would have held it.
 */
function stateLabel(item: ReviewItem, shadow: boolean): HTMLElement | false {
  const v = item.verdict;
  if (item.status === 'decided') {
    const who = v.decidedBy;
    const said = v.verdict === 'ham' ? (who ? t('row.state.approvedBy', { who }) : t('row.state.approved')) : who ? t('row.state.rejectedBy', { who }) : t('row.state.rejected');
    return h('span', { class: `state ${v.verdict}` }, said);
  }
  if (shadow) return h('span', { class: 'state shadow' }, v.verdict === 'spam' ? t('row.state.shadowRejected') : t('row.state.shadowHeld'));
  if (v.verdict === 'spam') return h('span', { class: 'state spam' }, t('row.state.machineRejected'));
  if (v.verdict === 'ham') return h('span', { class: 'state ham' }, t('row.state.published'));
  return false;
}

/** Builds a row. */
export function renderRow(key: string, item: ReviewItem, actions: RowActions, selected: boolean, shadow = false): HTMLLIElement {
  const { comment, verdict } = item;
  const id = rowDomId(key);
  const author = comment.author;
  const target = blockTarget(item);
  const details = [author.email, author.ip].filter(Boolean).join(' · ');
  const row = h(
    'li',
    { class: 'row', id, tabindex: -1, 'aria-labelledby': `${id}-who`, 'aria-describedby': `${id}-text` },
    h(
      'article',
      {},
      h(
        'header',
        { class: 'row-head' },
        h(
          'label',
          { class: 'pick' },
          h('input', { type: 'checkbox', checked: selected, 'aria-label': t('row.select', { name: bidiMarked(author.name ?? t('queue.anonymous')) }), onchange: (e: Event) => actions.toggle((e.target as HTMLInputElement).checked) }),
        ),
        h('span', { class: BAND_CLASS[verdict.verdict], title: t(`row.band.${verdict.verdict}`) }, verdict.score.toFixed(2)),
        h(
          'div',
          { class: 'who' },
          h('strong', { id: `${id}-who` }, ...(author.name ? highlighted(author.name, verdict, ['author.name']) : [t('common.anonymous')])),
          details && h('span', { class: 'meta' }, details),
          stateLabel(item, shadow),
        ),
        h('span', { class: 'where meta' }, t('row.where', { post: comment.postId, site: item.site }), h('time', { datetime: comment.receivedAt, title: comment.receivedAt }, ago(comment.receivedAt))),
      ),
      h('p', { class: 'text', id: `${id}-text` }, ...highlighted(comment.content, verdict, ['content', 'link'])),
      author.url && h('p', { class: 'meta url' }, t('row.website'), ...highlighted(author.url, verdict, ['author.url'])),
      memoryLine(item, id),
      whyLine(item),
      campaignLine(item, actions),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'button', class: 'approve', 'aria-keyshortcuts': 'a', onclick: actions.approve }, t('row.approve'), h('kbd', {}, 'a')),
        h('button', { type: 'button', class: 'spam', 'aria-keyshortcuts': 's', onclick: actions.spam }, t('row.spam'), h('kbd', {}, 's')),
        h(
          'button',
          {
            type: 'button',
            class: 'block',
            'aria-keyshortcuts': 'b',
            'aria-haspopup': 'dialog',
            title: target ? t('row.blockTitle', { value: target.value }) : t('row.blockTitleNone'),
            onclick: actions.block,
          },
          t('row.blockOrTrust'),
          h('kbd', {}, 'b'),
        ),
        h('button', { type: 'button', class: 'details', 'aria-keyshortcuts': 'o', 'aria-haspopup': 'dialog', onclick: actions.details }, t('row.details'), h('kbd', {}, 'o')),
      ),
    ),
  );
  row.addEventListener('focusin', actions.focus);
  row.addEventListener('click', (e) => {
    if (!(e.target as HTMLElement).closest('button, input, a')) actions.focus();
  });
  return row;
}

/**
 * Takes a decided row out without a jump: it first says what happened in its own space, then folds its height to
 * nothing while the rows below slide up.
 */
export function foldAway(row: HTMLElement, notice: string): Promise<void> {
  return new Promise((resolve) => {
    // Not on screen (another view is showing): nothing can jump, so it just goes.
    if (!row.isConnected || row.offsetParent === null) return void (row.remove(), resolve());
    const height = row.offsetHeight;
    row.style.height = `${height}px`;
    row.classList.add('done');
    row.setAttribute('aria-hidden', 'true');
    row.replaceChildren(h('p', { class: 'notice' }, notice));
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    setTimeout(
      () => {
        row.classList.add('leaving');
        row.style.height = '0px';
        const finish = () => (row.remove(), resolve());
        if (reduce) finish();
        else row.addEventListener('transitionend', finish, { once: true });
        // In case the transition never fires (hidden tab, no layout).
        setTimeout(finish, 600);
      },
      reduce ? 250 : 550,
    );
  });
}
