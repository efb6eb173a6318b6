/** Reading GET /v1/review/events in tests, as the page does: fetch with the token in the header, the body read as it comes. */
import type { IncomingMessage } from 'node:http';
import type { Response as SuperagentResponse } from 'superagent';

/** One event of a stream, as parsed. */
export interface StreamEvent {
  readonly event: string;
  readonly data: string;
}

/** An open (or refused) stream. */
export interface LiveReader {
  readonly status: number;
  readonly headers: Headers;
  /** The body of a refusal (JSON), undefined for a stream. */
  readonly refusal: { error: { code: string; message: string } } | undefined;
  /** Every event so far, and the `retry:` values and comment lines seen. */
  readonly events: StreamEvent[];
  readonly retries: number[];
  readonly comments: string[];
  /** Resolves once the server ended the stream (or it failed). */
  readonly ended: Promise<void>;
  /** Resolves with the first event (seen so far or to come) that `match` accepts; rejects after `timeoutMs`. */
  waitFor(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves once `n` comment lines have been seen. */
  waitForComments(n: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/** Opens `url` + /v1/review/events (for `site`, or every site) with `token`. */
export async function openLive(url: string, token: string, site?: string): Promise<LiveReader> {
  const abort = new AbortController();
  const res = await fetch(`${url}/v1/review/events${site ? `?site=${encodeURIComponent(site)}` : ''}`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  const events: StreamEvent[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  let wake = (): void => undefined;
  const changed = (): void => wake();
  if (!res.ok) {
    const refusal = (await res.json()) as LiveReader['refusal'];
    return { status: res.status, headers: res.headers, refusal, events, retries, comments, ended: Promise.resolve(), waitFor: () => Promise.reject(new Error('refused')), waitForComments: () => Promise.reject(new Error('refused')), close: () => undefined };
  }
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('retry:')) retries.push(Number(line.slice(6)));
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trim());
          }
          if (data.length) events.push({ event, data: data.join('\n') });
          changed();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      changed();
    }
  })();
  let done = false;
  void ended.then(() => (done = true));
  const until = async (ready: () => boolean, what: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!ready()) {
      if (done) throw new Error(`the stream ended before ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${what} within ${timeoutMs} ms; events: ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => (clearTimeout(timer), resolve());
      });
    }
  };
  return {
    status: res.status,
    headers: res.headers,
    refusal: undefined,
    events,
    retries,
    comments,
    ended,
    async waitFor(match, timeoutMs = 10_000) {
      await until(() => events.some(match), 'matching event', timeoutMs);
      return events.find(match)!;
    },
    waitForComments: (n, timeoutMs = 10_000) => until(() => comments.length >= n, `${n} comment lines`, timeoutMs),
    close: () => abort.abort(),
  };
}

/** The `change` events' data of a stream. */
export function changesOf(reader: LiveReader): Array<{ site: string; id: string; view: string; change: string; at: string }> {
  return reader.events.filter((e) => e.event === 'change').map((e) => JSON.parse(e.data));
}

/** Whether a route of the table answers with an event stream (a request to it does not end by itself). */
export function isEventStream(route: { responses: Readonly<Record<number, { type?: string }>> }): boolean {
  return route.responses[200]?.type === 'text/event-stream';
}

/**
 * A supertest/superagent parser for requests that may open an event stream: an error answer is read as JSON, a
 * stream is dropped as soon as its headers came (its body is `{}`), so the request ends.
 */
export function headersOfStream(response: SuperagentResponse, done: (err: Error | null, body: unknown) => void): void {
  // superagent reads `text` from what its parser was given.
  const res = response as unknown as IncomingMessage & { text: string };
  res.text = '';
  if (String(res.headers['content-type']).startsWith('text/event-stream')) {
    done(null, {});
    res.destroy();
    return;
  }
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => {
    res.text = text;
    try {
      done(null, JSON.parse(text));
    } catch {
      done(null, text);
    }
  });
}
