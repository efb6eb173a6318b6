/**
 * Undo: every action of the page (approve, spam, block, trust, in bulk or not) leaves a toast for 30 seconds with an
 * Undo button and the `z` key. Undoing asks the service to restore what the action changed (POST /v1/comments/:id/undo
 * and friends); later, a decision is reversed from the details drawer instead.
 */
import { announce, h } from './dom.js';
import { t } from './i18n.js';

/** How long an action can be undone from the page. The service accepts undos for longer (UNDO_WINDOW_SECONDS). */
export const UNDO_MS = 30_000;

/** An action that can be taken back: what it did, in words, and how to undo it (resolving to what the undo did). */
export interface Undoable {
  readonly said: string;
  undo(): Promise<string>;
}

interface Pending extends Undoable {
  readonly until: number;
  timer: number;
}

export class UndoToast {
  readonly root: HTMLElement;
  private readonly stack: Pending[] = [];

  constructor() {
    this.root = h('div', { class: 'toast', role: 'region', 'aria-label': t('toast.region'), hidden: true });
  }

  /** Offers `action` for undoing; the newest action is the one shown and the one `z` undoes. */
  push(action: Undoable): void {
    const pending: Pending = { ...action, until: Date.now() + UNDO_MS, timer: 0 };
    pending.timer = window.setTimeout(() => this.expire(pending), UNDO_MS);
    this.stack.push(pending);
    this.render();
  }

  /** Undoes the newest action still undoable; false when there is none. */
  undoLast(): boolean {
    const last = this.stack.at(-1);
    if (!last) return false;
    void this.undo(last);
    return true;
  }

  private async undo(p: Pending): Promise<void> {
    this.drop(p);
    this.show(h('p', { class: 'toast-text' }, t('toast.undoing')));
    try {
      const said = await p.undo();
      announce(said);
      this.flash(said);
    } catch (err) {
      const message = t('toast.failed', { message: (err as Error).message });
      announce(message);
      this.flash(message, true);
    }
  }

  private expire(p: Pending): void {
    this.drop(p);
    this.render();
  }

  private drop(p: Pending): void {
    window.clearTimeout(p.timer);
    const at = this.stack.indexOf(p);
    if (at >= 0) this.stack.splice(at, 1);
  }

  /** The newest action with its Undo button and a bar running down its 30 seconds; hidden when there is none. */
  private render(): void {
    const last = this.stack.at(-1);
    if (!last) return void (this.root.hidden = true);
    const left = Math.max(0, last.until - Date.now());
    const bar = h('span', { class: 'toast-time', 'aria-hidden': 'true' });
    bar.style.animationDuration = `${left}ms`;
    const more = this.stack.length > 1 ? h('span', { class: 'meta' }, ` ${t('toast.earlier', { count: this.stack.length - 1 })}`) : false;
    this.show(
      h('p', { class: 'toast-text' }, last.said, more),
      h('button', { type: 'button', class: 'undo', 'aria-keyshortcuts': 'z', onclick: () => void this.undo(last) }, t('toast.undo'), h('kbd', {}, 'z')),
      bar,
    );
  }

  /** A result shown for a few seconds, then the next undoable action (if any) again. */
  private flash(text: string, error = false): void {
    this.show(h('p', { class: error ? 'toast-text error' : 'toast-text' }, text));
    window.setTimeout(() => this.render(), 4_000);
  }

  private show(...children: HTMLElement[]): void {
    this.root.hidden = false;
    this.root.replaceChildren(...children);
  }
}
