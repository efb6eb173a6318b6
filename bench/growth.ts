/**
 * Section 5, growth: scoring time per comment against content size (100 B to 1 MiB) and against model size (1k to
 * 100k training comments, synthesised from the real ones), each with its slope and whether it stays linear.
 */
import type { LabelledExample } from '../src/classifier/dataset.js';
import { loadModelFile } from '../src/classifier/model-file.js';
import type { CommentInput } from '../src/domain/comment.js';
import { fromRoot } from '../src/platform/paths.js';
import { loadLexicon } from '../src/scoring/lexicon-files.js';
import { defaultPhases } from '../src/scoring/pipeline.js';
import { createScorer } from '../src/scoring/scorer.js';
import type { ModelGrowthArgs, ModelSizePoint } from './growth-model.js';
import { DEFAULT_MODEL_FILE } from './scoring.js';
import { runChildTask } from './support/child.js';
import { DEFAULT_SETTINGS } from './support/data.js';
import { growthShape, linearFit, type GrowthShape } from './support/stats.js';
import { timeLoop, type LoopBudget } from './support/timing.js';

/** Scoring time of one content size. */
export interface ContentSizePoint {
  readonly bytes: number;
  /** Mean and median µs per comment through the full pipeline. */
  readonly meanUs: number;
  readonly p50Us: number;
}

/** A fitted growth: slope in the unit named, goodness of the straight line, and the shape (log-log exponent). */
export interface Growth extends GrowthShape {
  readonly slope: number;
  readonly unit: string;
  readonly r2: number;
}

/** What section 5 reports. */
export interface GrowthResult {
  readonly content: { readonly points: readonly ContentSizePoint[]; readonly fit: Growth };
  readonly model: { readonly points: readonly ModelSizePoint[]; readonly fit: Growth };
}

/** Content of about `bytes` UTF-8 bytes made of real comments one after another, starting at comment `offset`. */
export function contentOf(examples: readonly LabelledExample[], bytes: number, offset: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = offset; size < bytes; i++) {
    const text = examples[i % examples.length]!.content;
    parts.push(text);
    size += Buffer.byteLength(text) + 1;
  }
  const joined = parts.join(' ');
  // Cut by characters to about the byte size (most content is ASCII; the cut never splits a surrogate pair).
  const cut = Buffer.from(joined).subarray(0, bytes).toString('utf8');
  return cut.endsWith('\uFFFD') ? cut.slice(0, -1) : cut;
}

/** Settings of section 5. */
export interface GrowthOptions {
  readonly contentSizes: readonly number[];
  readonly modelSizes: readonly number[];
  /** Per content size; the loop also stops after `maxCalls`. */
  readonly budget: LoopBudget;
}

/** Runs section 5. */
export async function growthSection(youtube: readonly LabelledExample[], options: GrowthOptions): Promise<GrowthResult> {
  const loaded = loadModelFile(fromRoot(DEFAULT_MODEL_FILE));
  const scorer = createScorer(defaultPhases({ lexicon: loadLexicon(), model: loaded.model }), loaded.version);
  const now = new Date();
  const points: ContentSizePoint[] = [];
  for (const bytes of options.contentSizes) {
    // Four different comments per size, so no single text's quirks decide the figure.
    const comments: CommentInput[] = [0, 397, 811, 1201].map((offset, i) => ({
      id: `growth-${bytes}-${i}`,
      postId: 'growth',
      content: contentOf(youtube, bytes, offset),
      contentType: 'html',
      author: { name: youtube[offset]!.author.name ?? 'reader' },
    }));
    const figures = timeLoop(comments, (c) => scorer.score(c, DEFAULT_SETTINGS, now), options.budget);
    points.push({ bytes, meanUs: figures.us.mean, p50Us: figures.us.p50 });
  }
  const contentLine = linearFit(points.map((p) => [p.bytes / 1024, p.meanUs] as const));
  const content = {
    points,
    // The shape is read from 10 KB up: below that, the fixed per-comment work dominates.
    fit: { slope: contentLine.slope, unit: 'µs per KB', r2: contentLine.r2, ...growthShape(points.map((p) => [p.bytes, p.meanUs] as const), 10_000) },
  };
  const args: ModelGrowthArgs = { sizes: options.modelSizes, budget: { warmupMs: 300, measureMs: Math.min(options.budget.measureMs, 1_500) } };
  const modelPoints = await runChildTask<ModelSizePoint[]>('model-growth', args);
  const modelLine = linearFit(modelPoints.map((p) => [p.examples / 10_000, p.pipelineUs] as const));
  const model = {
    points: modelPoints,
    fit: { slope: modelLine.slope, unit: 'µs per 10k examples', r2: modelLine.r2, ...growthShape(modelPoints.map((p) => [p.examples, p.pipelineUs] as const)) },
  };
  return { content, model };
}
