/**
 * The shared labelled sources (../shared/data), as the cross-source evaluation, the weight fit and the default model
 * read them: where each lies, which language a site publishing it would declare, and how its examples are grouped.
 * Files are read from there, never copied into the repository.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { loadExamples, parseCsv, YOUTUBE_FILES, type LabelledExample } from '../classifier/dataset.js';

/** One shared source: a platform and genre of its own. */
export interface SharedSourceSpec {
  /** Short name used in reports (`youtube`, `sms` …). */
  readonly name: string;
  /** Files under the shared data folder. */
  readonly files: readonly string[];
  /** The languages a site publishing these comments would declare (the language rule reads them). */
  readonly languages: readonly string[];
  /** What it is, for reports. */
  readonly description: string;
}

/** The sources, in report order. */
export const SHARED_SOURCES: readonly SharedSourceSpec[] = [
  {
    name: 'youtube',
    files: YOUTUBE_FILES.map((f) => `youtube-spam-collection/${f}`),
    languages: ['en'],
    description: 'YouTube Spam Collection, four videos (2014-2015, English)',
  },
  { name: 'sms', files: ['sms-spam-collection/SMSSpamCollection'], languages: ['en'], description: 'SMS Spam Collection (English text messages)' },
  {
    name: 'telegram-ru',
    files: ['telegram-spam-ru/telegram_spam_ru.csv'],
    languages: ['ru'],
    description: 'Russian Telegram group chats (job, loan and casino scams; placeholders filled)',
  },
  { name: 'x-2026', files: ['x-posts-scam-2026/sample.jsonl'], languages: ['en'], description: 'X posts and replies, January-February 2026 (crypto and investment scams)' },
];

/** A loaded source. Each example's `source` is its file's name (for YouTube: its video). */
export interface SharedSource {
  readonly spec: SharedSourceSpec;
  readonly examples: readonly LabelledExample[];
}

/** Loads every shared source found under `dir`; a source whose files are missing is left out. */
export async function loadSharedSources(dir: string, only?: readonly string[]): Promise<SharedSource[]> {
  const specs = SHARED_SOURCES.filter((s) => (only === undefined || only.includes(s.name)) && s.files.every((f) => existsSync(join(dir, f))));
  return Promise.all(
    specs.map(async (spec) => ({ spec, examples: (await Promise.all(spec.files.map((f) => loadExamples(join(dir, f))))).flat() })),
  );
}

/**
 * Reads every `*.jsonl` file of the team's seed corpus (models/seed/), in name order: hand-written comments in ten
 * languages, spam and the legitimate look-alikes a careless filter gets wrong. Always in training, never held out.
 */
export async function loadSeedCorpus(seedDir: string): Promise<LabelledExample[]> {
  const files = (await readdir(seedDir)).filter((f) => f.endsWith('.jsonl')).sort();
  return (await Promise.all(files.map((f) => loadExamples(join(seedDir, f), 'jsonl')))).flat();
}

/**
 * The YouTube videos whose file lists the comments newest first (by the DATE of the rows that have one), by file
 * name as in the examples' `source`. Only the order is read from the dates, never a comment's date: in this
 * collection the date leaks the label (most spam of one video has none).
 */
export async function youtubeNewestFirst(dir: string): Promise<Set<string>> {
  const newestFirst = new Set<string>();
  for (const file of YOUTUBE_FILES.map((f) => join(dir, 'youtube-spam-collection', f)).filter((f) => existsSync(f))) {
    const rows = parseCsv(await readFile(file, 'utf8'));
    const dateCol = rows[0]?.map((h) => h.trim().toUpperCase()).indexOf('DATE') ?? -1;
    const dates = rows.slice(1).map((r) => r[dateCol] ?? '').filter(Boolean);
    let later = 0;
    let earlier = 0;
    for (let k = 1; k < dates.length; k++) {
      if (dates[k]! > dates[k - 1]!) later++;
      else if (dates[k]! < dates[k - 1]!) earlier++;
    }
    if (earlier > later) newestFirst.add(basename(file));
  }
  return newestFirst;
}
