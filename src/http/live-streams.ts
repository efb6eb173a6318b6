/**
 * The open live streams of an API process (GET /v1/review/events): server-sent events telling moderator pages that a
 * comment entered or left a view, so they re-read instead of polling. Each stream is a long-lived response on its own
 * connection (`Connection: close`: when the stream ends, the connection does too, so a shutdown is not held by it).
 * All of them listen to the process's one subscriber (src/store/view-events.ts); at most `maxStreams` are open at
 * once (the next one is refused 503), each gets a comment line every `heartbeatMs`, and they all end at shutdown or
 * when the subscriber loses Redis (moves may have been missed: the page reconnects and reads again).
 */
import type { Response } from 'express';
import { errors } from '../platform/errors.js';
import { viewChanges } from '../moderation/view-changes.js';
import type { ViewEvents } from '../store/view-events.js';

/** The reconnection delay suggested to clients (`retry:`), ms. */
export const RETRY_MS = 2_000;
/** A client that leaves this much unread is dropped (it reconnects and reads again) rather than buffered for. */
const MAX_UNREAD_BYTES = 256 * 1024;

export class LiveStreams {
  private readonly ends = new Set<() => void>();
  private closing = false;

  constructor(
    private readonly events: ViewEvents,
    private readonly options: { readonly maxStreams: number; readonly heartbeatMs: number },
  ) {}

  /** How many streams are open. */
  get open(): number {
    return this.ends.size;
  }

  /**
   * Answers `res` with a stream of the moves of `site`'s comments (every site when undefined). Throws `unavailable`
   * while shutting down or while the subscriber is down, `too_many_streams` past the cap.
   */
  stream(res: Response, site: string | undefined): void {
    if (this.closing) throw errors.unavailable('The server is shutting down; reconnect shortly.', 1);
    if (this.options.maxStreams === 0) throw errors.unavailable('Live updates are turned off here (LIVE_MAX_STREAMS=0); poll GET /v1/review.', 3600);
    if (this.ends.size >= this.options.maxStreams) throw errors.tooManyStreams(this.options.maxStreams);
    if (!this.events.ready) throw errors.unavailable('Live updates are unavailable while Redis is unreachable; poll GET /v1/review meanwhile.', 5);
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'close',
      // nginx and some proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    const send = (text: string): void => {
      if (res.writableEnded || res.destroyed) return;
      if (!res.write(text) && res.writableLength > MAX_UNREAD_BYTES) end();
    };
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), this.options.heartbeatMs);
    const unlisten = this.events.listen({
      move: (move) => {
        if (site !== undefined && move.site !== site) return;
        for (const change of viewChanges(move)) send(`event: change\ndata: ${JSON.stringify(change)}\n\n`);
      },
      down: () => end(),
    });
    const end = (): void => {
      if (!this.ends.delete(end)) return;
      clearInterval(heartbeat);
      unlisten();
      if (!res.writableEnded) res.end();
    };
    this.ends.add(end);
    send(`retry: ${RETRY_MS}\n: connected\n\n`);
    // The client went away (a request's own 'close' would come as soon as its empty body is read).
    res.once('close', end);
  }

  /** Ends every stream and refuses new ones (at shutdown). */
  closeAll(): void {
    this.closing = true;
    for (const end of [...this.ends]) end();
  }
}
