/**
 * The training corpus: labelled comments from humans (moderator decisions, operator imports, Akismet submit-*),
 * kept per site with their source and time. The last label of a (site, id) wins; the previous one is returned so the
 * live model can forget it before learning the new one.
 */
import type { Redis } from 'ioredis';
import type { ContentType } from '../comment.js';
import type { Keys } from './keys.js';
import { LuaScript } from './lua.js';

export type Label = 'spam' | 'ham';
export const EXAMPLE_SOURCES = ['moderator', 'import', 'akismet', 'report', 'auto'] as const;
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
 * KEYS[4] the labelling sequence counter.
 * ARGV[1] example JSON (with its fingerprint `fp`), ARGV[2] fingerprint of label + text, ARGV[3] unused, ARGV[4] index member.
 * The index is scored by a sequence number, not the clock: labellings in one millisecond keep their order.
 * Returns the previous example JSON, '' when there was none, or 'same' when label and text are unchanged (nothing is written).
 */
const labelScript = new LuaScript(
  'labelExample',
  4,
  `
local old = redis.call('GET', KEYS[1])
local previous = ''
if old then
  local decoded = cjson.decode(old)
  if decoded['fp'] == ARGV[2] then return 'same' end
  previous = old
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[4]), ARGV[4])
redis.call('SADD', KEYS[3], ARGV[4])
return previous
`,
);

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

  /** Stores (or relabels) an example. Storing the very same example twice is a no-op. */
  async label(example: CorpusExample): Promise<LabelOutcome> {
    const member = `${example.site}\n${example.id}`;
    // The fingerprint leaves out time and labeller: a repeated identical decision changes nothing.
    const fp = JSON.stringify([example.label, example.content, example.contentType, example.author.name ?? null, example.author.url ?? null]);
    const previous = (await labelScript.run(
      this.redis,
      [this.keys.example(example.site, example.id), this.keys.corpusIndex(), this.keys.siteExamples(example.site), this.keys.corpusSequence()],
      [JSON.stringify({ ...example, fp }), fp, Date.parse(example.at), member],
    )) as string;
    if (previous === 'same') return { changed: false, previous: undefined };
    return { changed: true, previous: previous === '' ? undefined : parseExample(previous) };
  }

  /** Counts one auto-learned example of `label` for a site, unless that would unbalance the classes by more than `slack`. */
  async reserveAutoLabel(site: string, label: Label, slack: number): Promise<boolean> {
    const other = label === 'spam' ? 'ham' : 'spam';
    return (await reserveAutoScript.run(this.redis, [this.keys.autoLearn(site)], [label, other, slack])) === 1;
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
