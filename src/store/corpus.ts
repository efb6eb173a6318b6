/**
 * The training corpus: labelled comments from humans (moderator decisions, operator imports, Akismet submit-*),
 * kept per site with their source and time. The last label of a (site, id) wins; the previous one is returned so the
 * live model can forget it before learning the new one.
 */
import type { Redis } from 'ioredis';
import type { ContentType } from '../domain/comment.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

export type Label = 'spam' | 'ham';
export const EXAMPLE_SOURCES = ['moderator', 'import', 'akismet', 'report', 'auto', 'published'] as const;
export type ExampleSource = (typeof EXAMPLE_SOURCES)[number];

/** What the classifier learns from: the text, the author name and URL. */
export interface ExampleText {
  readonly content: string;
  readonly contentType: ContentType;
  readonly author: { readonly name?: string; readonly url?: string };
}

/** One stored example. */
export interface CorpusExample extends ExampleText {
  readonly site: string;
  readonly id: string;
  readonly label: Label;
  readonly source: ExampleSource;
  /** Who labelled it (token name, `import`, …). */
  readonly by: string;
  readonly at: string;
}

/**
 * labelExample — KEYS[1] the example key, KEYS[2] the time index (sorted set), KEYS[3] the site's example set,
 * KEYS[4] the labelling sequence counter, KEYS[5] the site's label counts (hash).
 * ARGV[1] example JSON (with its fingerprint `fp`), ARGV[2] fingerprint of label + text, ARGV[3] '1' to write only when
 * the comment has no label yet, ARGV[4] index member, ARGV[5] label, ARGV[6] source.
 * The index is scored by a sequence number, not the clock: labellings in one millisecond keep their order.
 * The counts (fields `<label>` and `<source>:<label>`) follow the last label of each comment: the one replaced is
 * taken out. Returns the previous example JSON, '' when there was none, 'same' when label and text are unchanged, or
 * 'exists' when ARGV[3] is '1' and the comment has a label (nothing is written in either case).
 */
const labelScript = new LuaScript(
  'labelExample',
  5,
  `
local old = redis.call('GET', KEYS[1])
local previous = ''
if old then
  if ARGV[3] == '1' then return 'exists' end
  local decoded = cjson.decode(old)
  if decoded['fp'] == ARGV[2] then return 'same' end
  previous = old
  redis.call('HINCRBY', KEYS[5], decoded['label'], -1)
  redis.call('HINCRBY', KEYS[5], decoded['source'] .. ':' .. decoded['label'], -1)
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[4])
redis.call('SADD', KEYS[3], ARGV[4])
redis.call('HINCRBY', KEYS[5], ARGV[5], 1)
redis.call('HINCRBY', KEYS[5], ARGV[6] .. ':' .. ARGV[5], 1)
return previous
`,
);

/**
 * restoreExample — KEYS[1] the example key, KEYS[2] the time index, KEYS[3] the site's example set, KEYS[4] the
 * site's label counts. ARGV[1] the example JSON to put back ('' to remove the label), ARGV[2] its index score, ARGV[3]
 * the index member. The counts follow (a count that falls to 0 is removed). Returns the example JSON it replaced, or ''.
 */
const restoreScript = new LuaScript(
  'restoreExample',
  4,
  `
local function count(label, source, by)
  for _, f in ipairs({label, source .. ':' .. label}) do
    if redis.call('HINCRBY', KEYS[4], f, by) <= 0 then redis.call('HDEL', KEYS[4], f) end
  end
end
local old = redis.call('GET', KEYS[1]) or ''
if old ~= '' then
  local d = cjson.decode(old)
  count(d['label'], d['source'], -1)
end
if ARGV[1] == '' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[3])
  redis.call('SREM', KEYS[3], ARGV[3])
else
  local d = cjson.decode(ARGV[1])
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  redis.call('SADD', KEYS[3], ARGV[3])
  count(d['label'], d['source'], 1)
end
return old
`,
);

/** A comment's example as stored, with its place in the labelling order: what {@link CorpusStore.restore} puts back. */
export interface CorpusSnapshot {
  readonly raw: string;
  readonly seq: number;
}

/**
 * reserveAutoLabel — KEYS[1] the site's auto-learn counters (hash spam/ham).
 * ARGV[1] label, ARGV[2] the other label, ARGV[3] slack. Counts the label and returns 1 when that keeps it within
 * `slack` of the other class; returns 0 (and counts nothing) otherwise.
 */
const reserveAutoScript = new LuaScript(
  'reserveAutoLabel',
  1,
  `
local mine = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
local other = tonumber(redis.call('HGET', KEYS[1], ARGV[2]) or '0')
if mine + 1 - other > tonumber(ARGV[3]) then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
return 1
`,
);

/** A site's labels per class, and per `source:label`. */
export interface LabelCounts {
  readonly spam: number;
  readonly ham: number;
  readonly bySource: Readonly<Record<string, number>>;
}

/** The outcome of labelling: whether anything changed, and what the model must forget first. */
export interface LabelOutcome {
  readonly changed: boolean;
  /** The example this one replaced (the model forgets it before learning the new one). */
  readonly previous: CorpusExample | undefined;
}

export class CorpusStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /**
   * Stores (or relabels) an example. Storing the very same example twice is a no-op; so is any labelling with
   * `onlyIfUnlabelled` when the comment has a label already (whoever gave it).
   */
  async label(example: CorpusExample, { onlyIfUnlabelled = false }: { onlyIfUnlabelled?: boolean } = {}): Promise<LabelOutcome> {
    const member = `${example.site}\n${example.id}`;
    // The fingerprint leaves out time and labeller: a repeated identical decision changes nothing.
    const fp = JSON.stringify([example.label, example.content, example.contentType, example.author.name ?? null, example.author.url ?? null]);
    const previous = (await labelScript.run(
      this.redis,
      [
        this.keys.example(example.site, example.id),
        this.keys.corpusIndex(),
        this.keys.siteExamples(example.site),
        this.keys.corpusSequence(),
        this.keys.labelCounts(example.site),
      ],
      [JSON.stringify({ ...example, fp }), fp, onlyIfUnlabelled ? '1' : '0', member, example.label, example.source],
    )) as string;
    if (previous === 'same' || previous === 'exists') return { changed: false, previous: undefined };
    return { changed: true, previous: previous === '' ? undefined : parseExample(previous) };
  }

  /** A comment's example as it stands, to put back later exactly (its place in the labelling order included). */
  async snapshot(site: string, id: string): Promise<CorpusSnapshot | null> {
    const [raw, seq] = await Promise.all([this.redis.get(this.keys.example(site, id)), this.redis.zscore(this.keys.corpusIndex(), `${site}\n${id}`)]);
    return raw && seq !== null ? { raw, seq: Number(seq) } : null;
  }

  /**
   * Puts a comment's example back as a {@link snapshot} had it, or removes its label (`null`); the label counts
   * follow. Returns the example it replaced and the one it put back (the live model forgets the one and learns the other).
   */
  async restore(site: string, id: string, snapshot: CorpusSnapshot | null): Promise<{ replaced: CorpusExample | undefined; restored: CorpusExample | undefined }> {
    const member = `${site}\n${id}`;
    const old = (await restoreScript.run(
      this.redis,
      [this.keys.example(site, id), this.keys.corpusIndex(), this.keys.siteExamples(site), this.keys.labelCounts(site)],
      [snapshot?.raw ?? '', snapshot?.seq ?? 0, member],
    )) as string;
    return { replaced: old ? parseExample(old) : undefined, restored: snapshot ? parseExample(snapshot.raw) : undefined };
  }

  /** Counts one auto-learned example of `label` for a site, unless that would unbalance the classes by more than `slack`. */
  async reserveAutoLabel(site: string, label: Label, slack: number): Promise<boolean> {
    const other = label === 'spam' ? 'ham' : 'spam';
    return (await reserveAutoScript.run(this.redis, [this.keys.autoLearn(site)], [label, other, slack])) === 1;
  }

  /**
   * A site's labels as they stand (each comment counted under its last label): per class, and per source and class
   * (`published:ham`, `moderator:spam`, …). Labels stored before these counts existed are not in them.
   */
  async counts(site: string): Promise<LabelCounts> {
    const raw = await this.redis.hgetall(this.keys.labelCounts(site));
    const n = (field: string): number => Math.max(0, Number(raw[field] ?? 0));
    const bySource: Record<string, number> = {};
    for (const [field, value] of Object.entries(raw)) if (field.includes(':')) bySource[field] = Math.max(0, Number(value));
    return { spam: n('spam'), ham: n('ham'), bySource };
  }

  async get(site: string, id: string): Promise<CorpusExample | undefined> {
    const raw = await this.redis.get(this.keys.example(site, id));
    return raw ? parseExample(raw) : undefined;
  }

  /** Number of examples in the corpus. */
  size(): Promise<number> {
    return this.redis.zcard(this.keys.corpusIndex());
  }

  /** Every example in labelling order (oldest first), read in pages. */
  async *all(pageSize = 1000): AsyncGenerator<CorpusExample> {
    for (let start = 0; ; start += pageSize) {
      const members = await this.redis.zrange(this.keys.corpusIndex(), String(start), String(start + pageSize - 1));
      if (members.length === 0) return;
      const keys = members.map((m) => {
        const cut = m.indexOf('\n');
        return this.keys.example(m.slice(0, cut), m.slice(cut + 1));
      });
      const raws = await this.redis.mget(...keys);
      for (const raw of raws) if (raw) yield parseExample(raw);
    }
  }
}

function parseExample(raw: string): CorpusExample {
  const { fp: _fp, ...example } = JSON.parse(raw) as CorpusExample & { fp: string };
  return example;
}
