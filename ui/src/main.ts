/** The moderator page: sign in with a token, then the queue, campaigns and stats views, driven by the keyboard. */
import { api, ApiError, session, whenUnauthorized } from './api.js';
import { CampaignView } from './campaigns.js';
import { announce, h } from './dom.js';
import { QueueView } from './queue.js';
import { StatsView } from './stats.js';

type ViewName = 'queue' | 'campaigns' | 'stats';
interface View {
  readonly root: HTMLElement;
  show(): Promise<void>;
  hide(): void;
}

const app = document.getElementById('app')!;

const KEYS: Array<[string, string]> = [
  ['j / k', 'next / previous comment'],
  ['a', 'approve (the selection, if any)'],
  ['s', 'spam (the selection, if any)'],
  ['b', 'spam and block its link domain, email or IP'],
  ['x', 'select or unselect'],
  ['o / Enter', 'open the details: full text, reasons, decisions, the author\'s other comments'],
  ['Esc', 'clear the selection, close this help or the details'],
  ['g q / g c / g s', 'go to queue, campaigns, stats'],
  ['?', 'this help'],
];

function helpDialog(): HTMLDialogElement {
  const close = h('button', { type: 'button', class: 'quiet', onclick: () => dialog.close() }, 'Close');
  const dialog = h(
    'dialog',
    { class: 'help', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, 'Keyboard'),
    h('dl', {}, ...KEYS.flatMap(([k, what]) => [h('dt', {}, ...k.split(' ').map((p) => (p === '/' ? ' / ' : h('kbd', {}, p)))), h('dd', {}, what)])),
    close,
  );
  return dialog;
}

function signIn(message?: string): void {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-help' });
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, 'Sluice moderation'),
    h('label', { for: 'token' }, 'Moderator token'),
    input,
    h('p', { id: 'token-help', class: 'meta' }, 'Kept in this tab only, until you close it or sign out.'),
    error,
    h('button', { type: 'submit', class: 'primary' }, 'Sign in'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    try {
      await api('/v1/review?limit=1', { token });
      session.signIn(token);
      start();
    } catch (err) {
      const status = err instanceof ApiError ? err.status : 0;
      error.textContent = status === 401 ? 'That token is not valid.' : status === 403 ? 'That is a site key, not a moderator token.' : 'Sluice did not answer; try again.';
      input.focus();
    }
  });
  app.replaceChildren(h('main', { id: 'main', class: 'center' }, form));
  app.setAttribute('aria-busy', 'false');
  input.focus();
}

function start(): void {
  let site: string | undefined;
  const siteSelect = h('select', { id: 'site', 'aria-label': 'Site' }, h('option', { value: '' }, 'All sites'));
  const known = new Set<string>();
  const sitesSeen = (sites: string[]) => {
    for (const s of sites.filter((s) => !known.has(s))) {
      known.add(s);
      siteSelect.append(h('option', { value: s }, s));
    }
  };
  const count = h('span', { class: 'count' }, '');
  const setCount = (n: number) => {
    count.textContent = n ? String(n) : '';
    document.title = n ? `(${n}) Sluice · Moderation` : 'Sluice · Moderation';
  };
  const views: Record<ViewName, View> = {
    queue: new QueueView({ site: () => site, setCount }),
    campaigns: new CampaignView(() => site, () => void (views.queue as QueueView).refresh()),
    stats: new StatsView(() => site, sitesSeen),
  };
  const tabs = Object.fromEntries(
    (['queue', 'campaigns', 'stats'] as const).map((name) => [
      name,
      h('a', { href: `#${name}`, class: 'tab' }, name === 'queue' ? 'Queue' : name === 'campaigns' ? 'Campaigns' : 'Stats', name === 'queue' && count),
    ]),
  ) as Record<ViewName, HTMLAnchorElement>;
  const help = helpDialog();
  const main = h('main', { id: 'main', tabindex: -1 });
  const header = h(
    'header',
    { class: 'top' },
    h('span', { class: 'brand' }, 'Sluice'),
    h('nav', { 'aria-label': 'Views' }, tabs.queue, tabs.campaigns, tabs.stats),
    h(
      'div',
      { class: 'end' },
      siteSelect,
      h('button', { type: 'button', class: 'quiet icon', 'aria-label': 'Keyboard help', 'aria-keyshortcuts': '?', onclick: () => help.showModal() }, '?'),
      h('button', { type: 'button', class: 'quiet', onclick: () => (session.signOut(), location.reload()) }, 'Sign out'),
    ),
  );
  app.replaceChildren(header, main, help);

  let active: ViewName | undefined;
  const route = () => {
    const name = (location.hash.slice(1) || 'queue') as ViewName;
    const next = views[name] ? name : 'queue';
    if (active) views[active].hide();
    active = next;
    for (const [n, tab] of Object.entries(tabs)) tab.toggleAttribute('aria-current', n === next);
    main.replaceChildren(views[next].root);
    void views[next].show();
  };
  siteSelect.addEventListener('change', () => {
    site = siteSelect.value || undefined;
    if (active === 'queue') void (views.queue as QueueView).reset();
    else if (active) void views[active].show();
  });
  window.addEventListener('hashchange', route);
  let pendingG = false;
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input:not([type=checkbox]), select, textarea')) return;
    // An open dialog (this help, the details drawer) keeps its keys; Enter on a button or link presses it.
    if (document.querySelector('dialog[open]') || (e.key === 'Enter' && target.closest('button, a, summary, label'))) return;
    if (pendingG) {
      pendingG = false;
      const to = ({ q: 'queue', c: 'campaigns', s: 'stats' } as Record<string, ViewName>)[e.key];
      if (to) return void (location.hash = to);
    }
    if (e.key === '?') return void (e.preventDefault(), help.showModal());
    if (e.key === 'g') return void (pendingG = true);
    if (active === 'queue' && (views.queue as QueueView).onKey(e.key)) e.preventDefault();
  });
  void api<{ sites: string[] }>('/v1/stats?days=1').then((r) => sitesSeen(r.sites), () => undefined);
  route();
  announce('Signed in.');
}

whenUnauthorized(() => {
  session.signOut();
  signIn('Your token is no longer valid; sign in again.');
});
if (session.token()) start();
else signIn();
