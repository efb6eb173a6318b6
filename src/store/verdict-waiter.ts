/**
 * Waits for a comment's verdict, for `POST /v1/comments?wait=MS`.
 * Workers PUBLISH `site\nid` on one channel after storing a verdict (atomically, in the same Lua script); each API
 * process holds one subscriber connection and wakes the matching local waiters, which then read the stored verdict.
 */
import type { Redis } from 'ioredis';
import type { Verdict } from '../domain/verdict.js';

type Waiter = (ready: boolean) => void;

export class VerdictWaiter {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private started: Promise<void> | undefined;

  constructor(
    private readonly subscriber: Redis,
    private readonly channel: string,
  ) {}

  /** Subscribes (once). */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.subscriber.on('message', (channel: string, message: string) => {
        if (channel !== this.channel) return;
        for (const wake of this.waiters.get(message) ?? []) wake(true);
      });
      await this.subscriber.subscribe(this.channel);
    })();
    return this.started;
  }

  /**
   * Resolves with the verdict once `read()` returns one, or undefined after `timeoutMs`.
   * The waiter is registered before the first read, so a verdict stored in between is not missed.
   */
  async wait(site: string, id: string, timeoutMs: number, read: () => Promise<Verdict | undefined>): Promise<Verdict | undefined> {
    await this.start();
    const key = `${site}\n${id}`;
    let wake: Waiter = () => undefined;
    const signal = (): Promise<boolean> => new Promise<boolean>((resolve) => (wake = resolve));
    let next = signal();
    const set = this.waiters.get(key) ?? new Set<Waiter>();
    this.waiters.set(key, set);
    const waiter: Waiter = (ready) => wake(ready);
    set.add(waiter);
    const timer = setTimeout(() => wake(false), timeoutMs);
    try {
      for (;;) {
        const verdict = await read();
        if (verdict && verdict.status !== 'queued') return verdict;
        const ready = await next;
        if (!ready) return undefined;
        next = signal();
      }
    } finally {
      clearTimeout(timer);
      set.delete(waiter);
      if (set.size === 0) this.waiters.delete(key);
    }
  }

  /** Wakes every waiter with "no verdict" (at shutdown) and unsubscribes. */
  async stop(): Promise<void> {
    for (const set of this.waiters.values()) for (const w of set) w(false);
    if (this.started) await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
  }
}
