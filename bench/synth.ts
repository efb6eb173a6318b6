/**
 * Synthetic labelled comments for the model-size measurements: real comments' words recombined, so the vocabulary,
 * lengths and class balance look like the real data, plus a trickle of new words (names, handles, domains appear all
 * the time in real traffic) so the vocabulary keeps growing with the corpus as it would.
 */
import type { LabelledExample } from '../src/classifier/dataset.js';
import type { Label } from '../src/classifier/metrics.js';

/** A small, fast, seedable PRNG (mulberry32), so every run synthesises the same comments. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shares of where each synthetic word comes from: its class's words, any word, or a new word. */
const SAME_CLASS = 0.85;
const ANY_CLASS = 0.95;

/**
 * `count` comments: each copies a random real comment's label, content type and length in words, and draws its words
 * from the real words of that label (85 %), of either label (10 %), or makes a new one (5 %: a real word with a
 * random suffix). Authors are real names of that label, a third of them with digits appended.
 */
export function synthesize(real: readonly LabelledExample[], count: number, seed = 7): LabelledExample[] {
  if (real.length === 0) throw new Error('synthesize: no real examples to recombine');
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const words: Record<Label, string[]> = { spam: [], ham: [] };
  const authors: Record<Label, string[]> = { spam: [], ham: [] };
  for (const e of real) {
    words[e.label].push(...e.content.split(/\s+/).filter((w) => w !== ''));
    if (e.author.name) authors[e.label].push(e.author.name);
  }
  const all = [...words.spam, ...words.ham];
  const out: LabelledExample[] = [];
  for (let i = 0; i < count; i++) {
    const template = pick(real);
    const length = Math.max(1, template.content.split(/\s+/).length);
    const own = words[template.label].length ? words[template.label] : all;
    const text: string[] = [];
    for (let w = 0; w < length; w++) {
      const r = random();
      text.push(r < SAME_CLASS ? pick(own) : r < ANY_CLASS ? pick(all) : `${pick(all)}${Math.floor(random() * 1e6).toString(36)}`);
    }
    const names = authors[template.label];
    const name = names.length ? pick(names) + (random() < 1 / 3 ? String(Math.floor(random() * 1000)) : '') : undefined;
    out.push({
      id: `synthetic-${i}`,
      content: text.join(' '),
      contentType: template.contentType,
      author: name === undefined ? {} : { name },
      label: template.label,
      source: 'synthetic',
    });
  }
  return out;
}
