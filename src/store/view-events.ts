/**
 * Hears comments move between moderation states, for the live streams of GET /v1/review/events.
 * The comment index's one writer publishes each move on its site's view channel (src/store/comment-index.ts), from
 * whichever process wrote it (an API deciding, a worker scoring); each API process holds one subscriber connection,
 * subscribed to every site's channel with one pattern, and hands each move to its local listeners.
 * While that connection is down moves are lost, so listeners are told when it goes down (they end their streams:
 * a client reconnects and reads again) and {@link ViewEvents.ready} says whether a new stream would hear anything.
 */
import type { Redis } from 'ioredis';
import { INDEX_STATES, type IndexState } from './comment-index.js';

/** A comment that moved between states; `from`/`to` undefined: it had no state (no verdict yet), or has none now. */
export interface StateMove {
  readonly site: string;
  readonly id: string;
  readonly from: IndexState | undefined;
  readonly to: IndexState | undefined;
  /** When it moved, by Redis's clock (ms). */
  readonly at: number;
}

/** What a listener hears: each move, and that the connection went down (moves may have been missed). */
export interface MoveListener {
  move(m: StateMove): void;
  down(): void;
}

const asState = (s: unknown): IndexState | undefined => (INDEX_STATES as readonly unknown[]).includes(s) ? (s as IndexState) : undefined;

/** Parses a published move; undefined for anything else. */
export function parseMove(message: string): StateMove | undefined {
  try {
    const m = JSON.parse(message) as Record<string, unknown>;
    if (typeof m['site'] !== 'string' || typeof m['id'] !== 'string' || typeof m['at'] !== 'number') return undefined;
    return { site: m['site'], id: m['id'], from: asState(m['from']), to: asState(m['to']), at: m['at'] };
  } catch {
    return undefined;
  }
}

export class ViewEvents {
  private readonly listeners = new Set<MoveListener>();
  private started: Promise<void> | undefined;
  private subscribed = false;

  constructor(
    private readonly subscriber: Redis,
    private readonly pattern: string,
  ) {}

  /** Subscribes (once). */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.subscriber.on('pmessage', (pattern: string, _channel: string, message: string) => {
        if (pattern !== this.pattern) return;
        const move = parseMove(message);
        if (move) for (const l of this.listeners) l.move(move);
      });
      // ioredis subscribes again by itself once reconnected; what was published in between is lost.
      this.subscriber.on('close', () => {
        if (!this.subscribed) return;
        this.subscribed = false;
        for (const l of [...this.listeners]) l.down();
      });
      this.subscriber.on('ready', () => (this.subscribed = true));
      await this.subscriber.psubscribe(this.pattern);
      this.subscribed = true;
    })();
    return this.started;
  }

  /** Whether moves are being heard now. */
  get ready(): boolean {
    return this.subscribed && this.subscriber.status === 'ready';
  }

  /** Adds a listener; returns what removes it. */
  listen(listener: MoveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Unsubscribes (at shutdown); listeners are not told. */
  async stop(): Promise<void> {
    this.listeners.clear();
    if (this.started) await this.subscriber.punsubscribe(this.pattern).catch(() => undefined);
    this.subscribed = false;
  }
}
