/**
 * Live updates: reads GET /v1/review/events (server-sent events) with fetch, the session's token in the
 * Authorization header (EventSource would need it in the URL), and calls back on each `change`. Reconnects with
 * backoff when the stream ends, fails or goes quiet past three heartbeats, and says whether it is connected; it gives
 * up only on 401/403 (the page's own requests then sign the moderator out) or close().
 */
import { query, session } from './api.js';

/** A comment entering or leaving a view. */
export interface LiveEvent {
  readonly site: string;
  readonly id: string;
  readonly view: string;
  readonly change: 'entered' | 'left';
  readonly at: string;
}

export interface LiveSubscription {
  /** The site subscribed to (undefined: every site). */
  readonly site: string | undefined;
  /** Whether the stream is open now. */
  readonly connected: boolean;
  close(): void;
}

/** No byte for this long (three heartbeats of 15 s) and the stream is taken for dead. */
const QUIET_MS = 45_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Subscribes to the changes of `site` (every site when undefined). `onStatus` hears each connect and disconnect; after
 * a (re)connect, changes made while down were not heard: read again.
 */
export function subscribeLive(site: string | undefined, onChange: (e: LiveEvent) => void, onStatus?: (connected: boolean) => void): LiveSubscription {
  let closed = false;
  let connected = false;
  let abort: AbortController | undefined;
  let retryMs = 2_000;
  let failures = 0;
  let timer: number | undefined;

  const setConnected = (on: boolean): void => {
    if (on === connected) return;
    connected = on;
    onStatus?.(on);
  };

  const run = async (): Promise<void> => {
    abort = new AbortController();
    const mine = abort;
    let quiet: number | undefined;
    const alive = (): void => {
      window.clearTimeout(quiet);
      quiet = window.setTimeout(() => mine.abort(), QUIET_MS);
    };
    let stop = false;
    try {
      const token = session.token();
      const res = await fetch(`/v1/review/events${query({ site })}`, {
        headers: { Accept: 'text/event-stream', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
        cache: 'no-store',
        credentials: 'omit',
        signal: mine.signal,
      });
      if (res.status === 401 || res.status === 403) stop = true;
      if (!res.ok || !res.body) return;
      failures = 0;
      setConnected(true);
      alive();
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        buffer += value.replace(/\r\n?/g, '\n');
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, cut));
          buffer = buffer.slice(cut + 2);
        }
      }
    } catch {
      // A network failure, a dead stream, or close(): reconnect unless closed.
    } finally {
      window.clearTimeout(quiet);
      setConnected(false);
      if (!closed && !stop) {
        const wait = Math.min(MAX_BACKOFF_MS, retryMs * 2 ** Math.min(failures++, 5));
        timer = window.setTimeout(() => void run(), wait * (0.75 + Math.random() / 2));
      }
    }
  };

  /** One event block: `retry:` sets the base delay, `event: change` with its JSON data calls back; comments are heartbeats. */
  const dispatch = (block: string): void => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Math.max(500, Number(value));
    }
    if (event !== 'change' || data.length === 0) return;
    try {
      onChange(JSON.parse(data.join('\n')) as LiveEvent);
    } catch {
      // Not JSON: ignored.
    }
  };

  void run();
  return {
    site,
    get connected() {
      return connected;
    },
    close() {
      closed = true;
      window.clearTimeout(timer);
      abort?.abort();
    },
  };
}

/**
 * Runs `fn` soon after calls, merging bursts: at most one run in flight and one pending (the pending one starts once
 * the one in flight is done, so it sees every change that came before it).
 */
export function coalesce(fn: () => Promise<void>, delayMs = 200): () => void {
  let pending = false;
  let running: Promise<void> = Promise.resolve();
  return () => {
    if (pending) return;
    pending = true;
    window.setTimeout(() => {
      running = running.then(() => {
        pending = false;
        return fn().catch(() => undefined);
      });
    }, delayMs);
  };
}
