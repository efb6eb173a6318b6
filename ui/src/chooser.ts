/**
 * The block chooser (`b`): what "spam and block" could put on the site's block list — every link domain, the e-mail,
 * the IP, written out in full — and what "trust" could put on its allow list. Values readers use (popular domains, the
 * article's and the site's own, allow-listed ones) are shown with the reason they are refused, never offered. Nothing
 * happens until a second key: `b` or Enter confirms the focused choice, 1–9 pick one, Esc closes.
 */
import { bidiMarked, h } from './dom.js';
import { t } from './i18n.js';
import type { BlockTargets, ListTarget, ReviewItem } from './types.js';

/** What the moderator chose. */
export interface Choice {
  readonly kind: 'block' | 'trust';
  readonly target: ListTarget;
}


/** Opens the chooser over the page; resolves with the choice, or undefined when closed without one. */
export function chooseListTarget(item: ReviewItem, targets: BlockTargets): Promise<Choice | undefined> {
  return new Promise((resolve) => {
    const options: Array<{ choice: Choice; button: HTMLButtonElement }> = [];
    const option = (kind: Choice['kind'], target: ListTarget): HTMLLIElement => {
      const n = options.length + 1;
      const what = t(`chooser.what.${target.target}`);
      const label = kind === 'block' ? t('chooser.block', { what }) : t('chooser.trust', { what });
      const button = h(
        'button',
        { type: 'button', class: `choice ${kind}`, disabled: target.refused !== undefined, 'data-value': target.value, onclick: () => finish({ kind, target }) },
        h('span', { class: 'choice-key', 'aria-hidden': 'true' }, target.refused === undefined && n <= 9 ? String(n) : ''),
        h('span', { class: 'choice-what' }, label),
        h('span', { class: 'choice-value' }, bidiMarked(target.value)),
      );
      if (target.refused === undefined) options.push({ choice: { kind, target }, button });
      return h('li', {}, button, target.refused !== undefined && h('p', { class: 'refused meta' }, t('chooser.refused', { why: target.refused })));
    };
    const section = (title: string, kind: Choice['kind'], list: readonly ListTarget[]) =>
      list.length > 0 && h('section', {}, h('h3', {}, title), h('ul', { class: 'choices' }, ...list.map((target) => option(kind, target))));
    const who = bidiMarked(item.comment.author.name ?? t('queue.anonymous'));
    const dialog = h(
      'dialog',
      { class: 'chooser', 'aria-labelledby': 'chooser-title', 'aria-describedby': 'chooser-help' },
      h('h2', { id: 'chooser-title' }, t('chooser.title', { who, site: item.site })),
      h('p', { id: 'chooser-help', class: 'meta' }, t('chooser.help')),
      section(t('chooser.blockSection'), 'block', targets.block),
      section(t('chooser.trustSection'), 'trust', targets.trust),
      targets.block.length + targets.trust.length === 0 && h('p', {}, t('chooser.nothing')),
      h('div', { class: 'chooser-actions' }, h('button', { type: 'button', class: 'quiet', onclick: () => finish(undefined) }, t('chooser.cancel'))),
    );
    let done = false;
    const finish = (choice: Choice | undefined): void => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(choice);
    };
    dialog.addEventListener('keydown', (e) => {
      const focused = options.findIndex((o) => o.button === document.activeElement);
      if (e.key === 'b' || (e.key === 'Enter' && focused >= 0)) {
        e.preventDefault();
        e.stopPropagation();
        const o = options[focused >= 0 ? focused : 0];
        if (o) finish(o.choice);
      } else if (/^[1-9]$/.test(e.key)) {
        e.preventDefault();
        options[Number(e.key) - 1]?.button.focus();
      } else if (e.key === 'ArrowDown' || e.key === 'j' || e.key === 'ArrowUp' || e.key === 'k') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' || e.key === 'j' ? 1 : -1;
        options[(Math.max(0, focused) + step + options.length) % options.length]?.button.focus();
      }
      e.stopPropagation();
    });
    dialog.addEventListener('close', () => finish(undefined));
    document.body.append(dialog);
    dialog.showModal();
    options[0]?.button.focus();
  });
}
