/**
 * `sluice score`: comments as JSON lines on stdin, one verdict JSON line per comment on stdout. Offline: no Redis,
 * so no flood detection or site lists; the pure pipeline and the model only. A line that is not a valid comment
 * yields `{ line, error: { code, message } }` in its place, so output lines stay aligned with input lines; the exit
 * code stays 0 so that one bad line does not hide the verdicts of the others.
 */
import { commentInputSchema } from '../domain/comment.js';
import type { Config } from '../platform/config.js';
import { describeIssues } from '../platform/errors.js';
import { loadDefaultScorer } from '../scoring/default-scorer.js';
import { siteSettings } from '../use-cases/site-settings.js';
import type { Verdict } from '../domain/verdict.js';
import { lines, printJson } from './io.js';

export interface ScoreOptions {
  readonly site: string;
  /** A model file to use instead of MODEL_FILE. */
  readonly model?: string | undefined;
}

export async function scoreCommand(config: Config, options: ScoreOptions, input: NodeJS.ReadableStream): Promise<number> {
  const scorer = loadDefaultScorer(options.model ?? config.modelFile);
  const settings = siteSettings(undefined, config);
  let failures = 0;
  for await (const { line, number } of lines(input as import('node:stream').Readable)) {
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (err) {
      failures++;
      await printJson({ line: number, error: { code: 'bad_json', message: (err as Error).message } });
      continue;
    }
    const parsed = commentInputSchema.safeParse(raw);
    if (!parsed.success) {
      failures++;
      await printJson({ line: number, error: { code: 'validation_failed', message: describeIssues(parsed.error.issues) } });
      continue;
    }
    const now = new Date();
    const result = scorer.score(parsed.data, settings, now);
    const verdict: Verdict = {
      id: parsed.data.id,
      site: options.site,
      status: 'scored',
      ...result,
      model: scorer.model,
      receivedAt: now.toISOString(),
      scoredAt: now.toISOString(),
    };
    await printJson(verdict);
  }
  if (failures) process.stderr.write(`sluice score: ${failures} line(s) were not valid comments (see their error lines)\n`);
  return 0;
}
