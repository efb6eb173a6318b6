/**
 * Streams with a moderator (the measurement of issue 13): do a site's moderators' decisions make its next comments
 * right? Each stream of labelled comments goes through the real service, one comment at a time, in order, on a fresh
 * installation of its own (API and workers on real Redis, a key prefix of their own, one new site):
 *
 * 1. the first `moderate` comments are moderated: every comment the service held (`review` or `spam`) is decided
 *    through the API with its true label; readers report every other published spam (`POST …/report`), which the
 *    moderator then rejects too. After each decision the stream waits until the training worker has applied it to
 *    the site's live model, so that comment n+1 is scored after decision n landed;
 * 2. the next comments (up to `limit` in all) are scored with no help;
 * 3. the same stream goes, at the same time, through a second fresh installation where nobody decides anything: the
 *    control;
 * 4. on the comments after the moderated ones, both are counted against the labels as the cross-source evaluation
 *    counts (held recall, spam recall, readers rejected, readers held).
 *
 * The service's clock is simulated: comment k arrives `intervalMs` after comment k−1 (its decisions at the same
 * instant), so the flood windows see the pace of a busy site rather than a whole stream within a minute.
 */
import type { LabelledExample } from '../classifier/dataset.js';
import type { Config } from '../platform/config.js';
import type { Verdict } from '../domain/verdict.js';
import { heldOutFigures, type HeldOutFigures } from '../evaluation/cross-source.js';
import type { Installation, InstallationOptions } from './installation.js';
import { commentOf, type VerdictOutcome } from '../evaluation/pipeline.js';
import type { SharedSource } from '../evaluation/sources.js';

/** The targets of issue 13, on the comments after the moderated ones. */
export const STREAM_TARGETS = { heldRecall: 0.95, readersRejected: 0.005, readersHeld: 0.03 } as const;

/** Whether figures meet them. */
export function meetsStreamTargets(f: HeldOutFigures): boolean {
  return f.heldRecall >= STREAM_TARGETS.heldRecall && f.readersRejected <= STREAM_TARGETS.readersRejected && f.readersHeld <= STREAM_TARGETS.readersHeld;
}

/** One stream: the comments of one comment section, in the order they arrived. */
export interface Stream {
  /** `sms`, or `youtube:Psy` for a video. */
  readonly name: string;
  /** The shared source it comes from. */
  readonly source: string;
  readonly languages: readonly string[];
  readonly examples: readonly LabelledExample[];
}

/** Options of {@link streamEvaluation}. */
export interface StreamOptions {
  /** Comments moderated at the start of each stream. */
  readonly moderate: number;
  /** Comments per stream in all (moderated ones included). */
  readonly limit: number;
  /** Simulated time between two comments; 0: the real clock (the stream as fast as it goes). */
  readonly intervalMs: number;
  /** Starts a fresh installation with one site (src/cli/installation.ts on the real service). */
  readonly install: (options: InstallationOptions) => Promise<Installation>;
  /** Progress lines (stderr in the CLI). */
  readonly progress?: (line: string) => void;
}

/** What the moderator did on a stream. */
export interface Decisions {
  /** Held readers approved. */
  readonly approved: number;
  /** Held spam rejected. */
  readonly rejected: number;
  /** Published spam reported by readers, then rejected. */
  readonly reported: number;
  /** Decisions that changed the training corpus (and so were learned by the site's live model). */
  readonly learned: number;
  /** From a decision's answer to the site's live model having learned it: median and slowest, in ms. */
  readonly learnMs: { readonly median: number; readonly max: number };
}

/** Figures of one stream, or of streams pooled. */
export interface StreamFigures {
  readonly name: string;
  /** Comments streamed, and how many of them were moderated. */
  readonly n: number;
  readonly moderated: number;
  readonly decisions: Decisions;
  /** The comments after the moderated ones, on the moderated site… */
  readonly after: HeldOutFigures;
  /** …and the same comments on the site where nobody decided anything. */
  readonly control: HeldOutFigures;
}

/** The whole report. */
export interface StreamReport {
  readonly moderate: number;
  readonly limit: number;
  readonly intervalMs: number;
  readonly thresholds: Config['thresholds'];
  readonly streams: readonly StreamFigures[];
  /** Sources streamed as several streams (YouTube: one per video), pooled. */
  readonly sources: readonly StreamFigures[];
  readonly pooled: StreamFigures;
  /** The comments after the moderated ones that the moderated site got wrong (missed spam, held readers). */
  readonly errors: ReadonlyArray<{ readonly stream: string } & VerdictOutcome>;
}

/**
 * The streams of the loaded sources: YouTube one per video, in time order (a file listing its comments newest first,
 * `newestFirst`, is read backwards); the others one each, in file order.
 */
export function streamsOf(sources: readonly SharedSource[], newestFirst: ReadonlySet<string> = new Set()): Stream[] {
  return sources.flatMap((s) => {
    const parts = [...new Set(s.examples.map((e) => e.source))];
    if (parts.length < 2) return [{ name: s.spec.name, source: s.spec.name, languages: s.spec.languages, examples: s.examples }];
    return parts.map((part) => {
      const examples = s.examples.filter((e) => e.source === part);
      const name = `${s.spec.name}:${part.replace(/\.[a-z]+$/i, '').replace(/^Youtube\d+-/, '')}`;
      return { name, source: s.spec.name, languages: s.spec.languages, examples: newestFirst.has(part) ? [...examples].reverse() : examples };
    });
  });
}

/** Runs every stream, moderated and control side by side; see the module comment. */
export async function streamEvaluation(streams: readonly Stream[], config: Config, options: StreamOptions): Promise<StreamReport> {
  const figures: StreamFigures[] = [];
  const played: Array<{ stream: Stream; moderated: Played; control: Played }> = [];
  for (const stream of streams) {
    const examples = uniqueIds(stream.examples.slice(0, options.limit));
    const [moderated, control] = await Promise.all([
      play({ ...stream, examples }, options.moderate, options, 'moderated'),
      play({ ...stream, examples }, 0, options, 'control'),
    ]);
    played.push({ stream, moderated, control });
    figures.push(figuresOf(stream.name, [{ moderated, control }], options.moderate));
  }
  const pool = (name: string, of: typeof played): StreamFigures => figuresOf(name, of, options.moderate);
  const split = [...new Set(streams.map((s) => s.source))].filter((source) => streams.filter((s) => s.source === source).length > 1);
  return {
    moderate: options.moderate,
    limit: options.limit,
    intervalMs: options.intervalMs,
    thresholds: config.thresholds,
    streams: figures,
    sources: split.map((source) => pool(source, played.filter((p) => p.stream.source === source))),
    pooled: pool('pooled', played),
    errors: played.flatMap(({ stream, moderated }) =>
      moderated.outcomes
        .slice(options.moderate)
        .filter((o) => (o.example.label === 'spam') !== (o.result.verdict !== 'ham'))
        .map((o) => ({ stream: stream.name, ...o })),
    ),
  };
}

/** What one run of a stream gave: every comment's verdict as the service answered, and the decisions it took. */
interface Played {
  readonly outcomes: readonly VerdictOutcome[];
  readonly decided: readonly Decided[];
}

interface Decided {
  readonly kind: 'approved' | 'rejected' | 'reported';
  readonly learned: boolean;
  readonly learnMs: number;
}

/** Streams the comments through a fresh installation, moderating the first `moderate`. */
async function play(stream: Stream, moderate: number, options: StreamOptions, arm: 'moderated' | 'control'): Promise<Played> {
  const clock = new StreamClock(options.intervalMs);
  const site = await options.install({ name: `eval ${stream.name} ${arm}`, languages: stream.languages, now: clock.now });
  const started = performance.now();
  const outcomes: VerdictOutcome[] = [];
  const decided: Decided[] = [];
  let revision = await site.siteModelRevision();
  let publishedSpam = 0;
  const decide = async (id: string, label: 'ham' | 'spam', kind: Decided['kind']): Promise<void> => {
    const asked = performance.now();
    const { learned } = await call<{ learned: boolean }>(site, 'POST', `/v1/comments/${encodeURIComponent(id)}/decision`, site.moderatorToken, {
      site: site.site,
      verdict: label,
    });
    if (learned) revision = await untilRevision(site, revision + 1);
    decided.push({ kind, learned, learnMs: learned ? performance.now() - asked : 0 });
  };
  try {
    for (const [k, example] of stream.examples.entries()) {
      clock.at(k);
      const verdict = await submit(site, example);
      outcomes.push({ example, result: verdict });
      if (k < moderate) {
        if (verdict.verdict !== 'ham') await decide(example.id, example.label, example.label === 'spam' ? 'rejected' : 'approved');
        else if (example.label === 'spam' && publishedSpam++ % 2 === 0) {
          await call(site, 'POST', `/v1/comments/${encodeURIComponent(example.id)}/report`, site.apiKey, { reason: 'spam' });
          await decide(example.id, 'spam', 'reported');
        }
      }
      if ((k + 1) % 100 === 0 || k + 1 === stream.examples.length) {
        options.progress?.(`${stream.name} ${arm}: ${k + 1}/${stream.examples.length} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    }
  } finally {
    await site.close();
  }
  return { outcomes, decided };
}

/** Pools the runs (one stream, or several) into figures. */
function figuresOf(name: string, runs: ReadonlyArray<{ moderated: Played; control: Played }>, moderate: number): StreamFigures {
  const after = (p: Played) => p.outcomes.slice(moderate);
  const decided = runs.flatMap((r) => r.moderated.decided);
  const learnMs = decided.filter((d) => d.learned).map((d) => d.learnMs).sort((a, b) => a - b);
  return {
    name,
    n: runs.reduce((n, r) => n + r.moderated.outcomes.length, 0),
    moderated: runs.reduce((n, r) => n + Math.min(moderate, r.moderated.outcomes.length), 0),
    decisions: {
      approved: decided.filter((d) => d.kind === 'approved').length,
      rejected: decided.filter((d) => d.kind === 'rejected').length,
      reported: decided.filter((d) => d.kind === 'reported').length,
      learned: learnMs.length,
      learnMs: { median: Math.round(learnMs[Math.floor(learnMs.length / 2)] ?? 0), max: Math.round(learnMs.at(-1) ?? 0) },
    },
    after: heldOutFigures(name, runs.flatMap((r) => after(r.moderated))),
    control: heldOutFigures(name, runs.flatMap((r) => after(r.control))),
  };
}

/** Comment ids must be unique on a site: a repeated one gets its position appended. */
function uniqueIds(examples: readonly LabelledExample[]): LabelledExample[] {
  const seen = new Set<string>();
  return examples.map((e, k) => {
    const id = seen.has(e.id) ? `${e.id}#${k}` : e.id;
    seen.add(id);
    return id === e.id ? e : { ...e, id };
  });
}

/** The service's clock: comment k arrives `intervalMs` after comment k−1; real time runs on within a comment's step. */
class StreamClock {
  private readonly start = Date.now();
  private step = 0;
  private stepStarted = performance.now();

  constructor(private readonly intervalMs: number) {}

  at(k: number): void {
    this.step = k;
    this.stepStarted = performance.now();
  }

  readonly now = (): Date => {
    if (this.intervalMs <= 0) return new Date();
    const within = Math.min(performance.now() - this.stepStarted, this.intervalMs - 1);
    return new Date(this.start + this.step * this.intervalMs + within);
  };
}

/** Posts a comment as the CMS and waits for its verdict (the webhook's `?wait=`). */
async function submit(site: Installation, example: LabelledExample): Promise<Verdict> {
  const id = encodeURIComponent(example.id);
  for (let attempt = 0; attempt < 20; attempt++) {
    const res = await fetch(`${site.url}/v1/comments?wait=10000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${site.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(commentOf(example)),
    });
    if (res.status === 200) return (await res.json()) as Verdict;
    if (res.status === 202) {
      await res.arrayBuffer();
      const got = await call<Verdict & { status: string }>(site, 'GET', `/v1/comments/${id}`, site.apiKey);
      if (got.verdict) return got;
      continue;
    }
    if (res.status === 429 || res.status === 503) {
      await res.arrayBuffer();
      await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
      continue;
    }
    throw new Error(`POST /v1/comments (${example.id}): ${res.status} ${await res.text()}`);
  }
  throw new Error(`no verdict for comment ${example.id}`);
}

/** One API call; a status other than 2xx fails the run. */
async function call<T = unknown>(site: Installation, method: 'GET' | 'POST', path: string, token: string, body?: object): Promise<T> {
  const res = await fetch(`${site.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Waits until the site's live model has applied `revision` labellings (the training worker runs one job at a time). */
async function untilRevision(site: Installation, revision: number, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const now = await site.siteModelRevision();
    if (now >= revision) return now;
    if (performance.now() > deadline) throw new Error(`the site model stayed at revision ${now}, not ${revision}, for ${timeoutMs} ms`);
    await sleep(2);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
