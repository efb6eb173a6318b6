/**
 * The moderator page: sign in with a token, then the queue, campaigns and stats views, driven by the keyboard, in the
 * moderator's language (i18n.ts; the switch re-renders the page in place).
 */
import { api, ApiError, session, whenUnauthorized } from './api.js';
import { BlocksView } from './blocks.js';
import { CampaignView } from './campaigns.js';
import { announce, h } from './dom.js';
import { chooseLanguage, formatNumber, initLanguage, language, LANGUAGES, t, type Language, type MessageKey } from './i18n.js';
import { QueueView } from './queue.js';
import { StatsView } from './stats.js';

type ViewName = 'queue' | 'campaigns' | 'stats' | 'lists';
interface View {
  readonly root: HTMLElement;
  show(): Promise<void>;
  hide(): void;
}

const app = document.getElementById('app')!;

const KEYS = [
  ['j / k', 'help.move'],
  ['a', 'help.approve'],
  ['s', 'help.spam'],
  ['b', 'help.block'],
  ['z', 'help.undo'],
  ['/', 'help.search'],
  ['x', 'help.select'],
  ['o / Enter', 'help.details'],
  ['Esc', 'help.escape'],
  ['g q / g c / g s / g l', 'help.go'],
  ['?', 'help.help'],
] as const satisfies ReadonlyArray<readonly [string, MessageKey]>;

/** The language switch: the languages by their own names; a change is remembered and re-renders with `rerender`. */
function languageSwitch(rerender: () => void): HTMLSelectElement {
  const select = h(
    'select',
    { class: 'language', 'aria-label': t('page.language'), title: t('page.language') },
    ...LANGUAGES.map((l) => h('option', { value: l.code, lang: l.code, selected: l.code === language() }, l.name)),
  );
  select.addEventListener('change', () => {
    chooseLanguage(select.value as Language);
    rerender();
  });
  return select;
}

function helpDialog(): HTMLDialogElement {
  const close = h('button', { type: 'button', class: 'quiet', onclick: () => dialog.close() }, t('help.close'));
  const dialog = h(
    'dialog',
    { class: 'help', 'aria-labelledby': 'help-title' },
    h('h2', { id: 'help-title' }, t('help.title')),
    h('dl', {}, ...KEYS.flatMap(([k, what]) => [h('dt', {}, ...k.split(' ').map((p) => (p === '/' ? ' / ' : h('kbd', {}, p)))), h('dd', {}, t(what))])),
    close,
  );
  return dialog;
}

/** The sign-in form; drawn again after a change of language, it leaves the focus on the switch. */
function signIn(message?: string, again = false): void {
  const input = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-help' });
  const error = h('p', { class: 'error', role: 'alert' }, message ?? '');
  const languageSelect = languageSwitch(() => signIn(undefined, true));
  const form = h(
    'form',
    { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title' }, t('signin.title')),
    h('label', { for: 'token' }, t('signin.token')),
    input,
    h('p', { id: 'token-help', class: 'meta' }, t('signin.tokenHelp')),
    error,
    h('button', { type: 'submit', class: 'primary' }, t('signin.submit')),
    h('div', { class: 'signin-language' }, languageSelect),
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
      error.textContent = t(status === 401 ? 'signin.invalid' : status === 403 ? 'signin.siteKey' : 'signin.noAnswer');
      input.focus();
    }
  });
  app.replaceChildren(h('main', { id: 'main', class: 'center' }, form));
  app.setAttribute('aria-busy', 'false');
  (again ? languageSelect : input).focus();
}

/** Takes down the signed-in page (its view's polling, its listeners) before it is drawn again or signed out of. */
let stopPage: () => void = () => undefined;

/** The signed-in page; drawn again in another language, it keeps the site filter (and the view, by the URL's hash). */
function start(options: { again?: boolean; site?: string } = {}): void {
  stopPage();
  const listening = new AbortController();
  const signal = listening.signal;
  let site: string | undefined = options.site;
  const siteSelect = h('select', { id: 'site', 'aria-label': t('header.site') }, h('option', { value: '' }, t('header.allSites')));
  const known = new Set<string>();
  const sitesSeen = (sites: string[]) => {
    for (const s of sites.filter((s) => !known.has(s))) {
      known.add(s);
      siteSelect.append(h('option', { value: s }, s));
    }
  };
  const count = h('span', { class: 'count' }, '');
  const setCount = (n: number) => {
    count.textContent = n ? formatNumber(n) : '';
    document.title = n ? t('page.titleCount', { count: n }) : t('page.title');
  };
  const queue = new QueueView({ site: () => site, setCount });
  const views: Record<ViewName, View> = {
    queue,
    campaigns: new CampaignView(() => site, () => void queue.refresh()),
    stats: new StatsView(() => site, sitesSeen),
    lists: new BlocksView(() => site, () => [...known]),
  };
  const tabs = Object.fromEntries(
    (['queue', 'campaigns', 'stats', 'lists'] as const).map((name) => [name, h('a', { href: `#${name}`, class: 'tab' }, t(`tab.${name}`), name === 'queue' && count)]),
  ) as Record<ViewName, HTMLAnchorElement>;
  const help = helpDialog();
  const languageSelect = languageSwitch(() => start({ again: true, ...(site ? { site } : {}) }));
  const main = h('main', { id: 'main', tabindex: -1 });
  const header = h(
    'header',
    { class: 'top' },
    h('span', { class: 'brand' }, 'Sluice'),
    h('nav', { 'aria-label': t('header.views') }, tabs.queue, tabs.campaigns, tabs.stats, tabs.lists),
    h(
      'div',
      { class: 'end' },
      siteSelect,
      languageSelect,
      h('button', { type: 'button', class: 'quiet icon', 'aria-label': t('header.help'), 'aria-keyshortcuts': '?', onclick: () => help.showModal() }, '?'),
      h('button', { type: 'button', class: 'quiet', onclick: () => (session.signOut(), location.reload()) }, t('header.signOut')),
    ),
  );
  app.replaceChildren(header, main, help, queue.toast.root);

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
  stopPage = () => {
    listening.abort();
    if (active) views[active].hide();
    active = undefined;
  };
  siteSelect.addEventListener('change', () => {
    site = siteSelect.value || undefined;
    if (active === 'queue') void queue.reset();
    else if (active) void views[active].show();
  });
  window.addEventListener('hashchange', route, { signal });
  let pendingG = false;
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.ctrlKey || e.metaKey || e.altKey || target.closest('input:not([type=checkbox]), select, textarea')) return;
    // An open dialog (this help, the details drawer) keeps its keys; Enter on a button or link presses it.
    if (document.querySelector('dialog[open]') || (e.key === 'Enter' && target.closest('button, a, summary, label'))) return;
    if (pendingG) {
      pendingG = false;
      const to = ({ q: 'queue', c: 'campaigns', s: 'stats', l: 'lists' } as Record<string, ViewName>)[e.key];
      if (to) return void (location.hash = to);
    }
    if (e.key === '?') return void (e.preventDefault(), help.showModal());
    if (e.key === 'g') return void (pendingG = true);
    if (e.key === 'z' && queue.toast.undoLast()) return void e.preventDefault();
    if (active === 'queue' && queue.onKey(e.key)) e.preventDefault();
  }, { signal });
  void api<{ sites: string[] }>('/v1/stats?days=1').then((r) => sitesSeen(r.sites), () => undefined);
  if (site) {
    sitesSeen([site]);
    siteSelect.value = site;
  }
  route();
  if (options.again) languageSelect.focus();
  else announce(t('signin.done'));
}

whenUnauthorized(() => {
  stopPage();
  session.signOut();
  signIn(t('signin.expired'));
});
initLanguage();
if (session.token()) start();
else signIn();
