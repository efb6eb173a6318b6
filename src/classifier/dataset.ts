/**
 * Loading labelled examples from files: the YouTube Spam Collection CSV, JSON lines of comments, and the SMS Spam
 * Collection's `label<TAB>text` lines. The only module of the classifier that reads files.
 *
 * The CSV parser is a small hand-written RFC 4180 reader (quoted fields, doubled quotes, embedded newlines, CRLF): the
 * format is tiny and fixed, and a dependency would be larger than the code it replaces.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { z } from 'zod';
import { CONTENT_TYPES, type ContentType } from '../domain/comment.js';
import { sharedDataDir } from '../platform/paths.js';
import type { Label } from './metrics.js';
import { fillPlaceholders } from './placeholders.js';

/** One labelled comment, whatever file it came from. */
export interface LabelledExample {
  readonly id: string;
  readonly content: string;
  readonly contentType: ContentType;
  readonly author: { readonly name?: string; readonly url?: string };
  readonly label: Label;
  /** Where it came from, e.g. the file's base name; cross-video evaluation groups by it. */
  readonly source: string;
}

/** The file formats `loadExamples` understands. */
export const DATASET_FORMATS = ['youtube-csv', 'jsonl', 'sms', 'label-csv', 'x-posts'] as const;
export type DatasetFormat = (typeof DATASET_FORMATS)[number];

/** A file that cannot be read as labelled examples; `line` is 1-based where known. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
  readonly code = 'DATASET_INVALID';
  constructor(
    message: string,
    readonly source: string,
    readonly line?: number,
  ) {
    super(line === undefined ? `${source}: ${message}` : `${source}:${line}: ${message}`);
  }
}

/**
 * Parses RFC 4180 CSV into rows of fields. Quoted fields may contain commas, newlines and doubled quotes (`""`);
 * CRLF and LF both end a record; a final newline does not add an empty row. A leading U+FEFF is dropped.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else {
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
    }
    i++;
  }
  if (inQuotes) throw new DatasetError('unterminated quoted field', 'csv');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Reads the YouTube Spam Collection format `COMMENT_ID,AUTHOR,DATE,CONTENT,CLASS` (CLASS 1 = spam).
 * DATE is deliberately never read: in this collection it leaks the label. Content is HTML-escaped in every file
 * (`&amp;`, `&#39;`, `<br />`), so it is typed `html`.
 */
export function parseYoutubeCsv(text: string, source: string): LabelledExample[] {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim().toUpperCase());
  const col = (name: string): number => {
    const at = header?.indexOf(name) ?? -1;
    if (at < 0) throw new DatasetError(`missing column ${name} in the header`, source, 1);
    return at;
  };
  const [idCol, authorCol, contentCol, classCol] = [col('COMMENT_ID'), col('AUTHOR'), col('CONTENT'), col('CLASS')];
  const out: LabelledExample[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') continue;
    const cls = row[classCol]?.trim();
    if (cls !== '0' && cls !== '1') throw new DatasetError(`CLASS must be 0 or 1, got ${JSON.stringify(cls)}`, source, r + 1);
    const name = row[authorCol];
    out.push({
      id: row[idCol] || `${source}:${r}`,
      content: row[contentCol] ?? '',
      contentType: 'html',
      author: name ? { name } : {},
      label: cls === '1' ? 'spam' : 'ham',
      source,
    });
  }
  return out;
}

const jsonLineSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).optional(),
  content: z.string(),
  contentType: z.enum(CONTENT_TYPES).optional(),
  author: z.object({ name: z.string().optional(), url: z.string().optional() }).optional(),
  label: z.enum(['spam', 'ham']),
});

/**
 * The non-blank lines of JSON-lines text, each parsed with `schema`, with its 1-based line number; a line that is not
 * JSON or does not fit the schema fails loudly, naming the line.
 */
function* jsonLines<T>(text: string, source: string, schema: z.ZodType<T>): Generator<{ value: T; line: number }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new DatasetError('not valid JSON', source, i + 1);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new DatasetError(`${issue?.path.join('.') || 'line'}: ${issue?.message ?? 'invalid'}`, source, i + 1);
    }
    yield { value: parsed.data, line: i + 1 };
  }
}

/** Reads JSON lines `{ id, content, contentType?, author?: { name, url }, label: "spam"|"ham" }`; blank lines are skipped. */
export function parseJsonLines(text: string, source: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (const { value, line } of jsonLines(text, source, jsonLineSchema)) {
    const { id, content, contentType, author, label } = value;
    const a: { name?: string; url?: string } = {};
    if (author?.name) a.name = author.name;
    if (author?.url) a.url = author.url;
    out.push({ id: id === undefined ? `${source}:${line}` : String(id), content, contentType: contentType ?? 'text', author: a, label, source });
  }
  return out;
}

/** Reads the SMS Spam Collection format: one message per line, `ham<TAB>text` or `spam<TAB>text`. */
export function parseSmsCollection(text: string, source: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const tab = line.indexOf('\t');
    const label = tab < 0 ? '' : line.slice(0, tab);
    if (label !== 'spam' && label !== 'ham') throw new DatasetError('expected "spam<TAB>text" or "ham<TAB>text"', source, i + 1);
    out.push({ id: `${source}:${i + 1}`, content: line.slice(tab + 1), contentType: 'text', author: {}, label, source });
  }
  return out;
}

/**
 * Reads `label,message` CSV (the Russian Telegram set): label 1 or `spam` is spam, 0 or `ham` is ham. The set's
 * anonymiser placeholders (`[LINK]`, `[PHONE]` …) are filled with plausible values, the same way for both classes
 * (see placeholders.ts); without that, evaluation would measure the placeholders.
 */
export function parseLabelCsv(text: string, source: string): LabelledExample[] {
  const rows = parseCsv(text);
  const header = rows[0]?.map((h) => h.trim().toLowerCase()) ?? [];
  const labelCol = header.indexOf('label');
  const textCol = header.indexOf('message') >= 0 ? header.indexOf('message') : header.indexOf('text');
  if (labelCol < 0 || textCol < 0) throw new DatasetError('expected a header with "label" and "message" (or "text")', source, 1);
  const out: LabelledExample[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length === 1 && row[0] === '') continue;
    const raw = row[labelCol]?.trim();
    const label = raw === '1' || raw === 'spam' ? 'spam' : raw === '0' || raw === 'ham' ? 'ham' : undefined;
    if (label === undefined) throw new DatasetError(`label must be 1/0 or spam/ham, got ${JSON.stringify(raw)}`, source, r + 1);
    const id = `${source}:${r}`;
    out.push({ id, content: fillPlaceholders(row[textCol] ?? '', id), contentType: 'text', author: {}, label, source });
  }
  return out;
}

/**
 * Labels of the X scam set (janitr) that make a post spam for a comment service. `promo`, `affiliate`, `giveaway` and
 * `engagement_bait` alone are arguable and left out, as are rows with only `topic_*` labels, which carry no verdict.
 */
export const X_SPAM_LABELS: ReadonlySet<string> = new Set(['scam', 'phishing', 'recovery_scam', 'spam', 'lead_gen', 'reply_spam', 'bot']);

const xPostSchema = z.object({ id: z.union([z.string(), z.number()]).optional(), text: z.string(), labels: z.array(z.string()) });

/**
 * Reads the X posts set: JSON lines `{id, text, labels[], …}`. A post with a spam label (X_SPAM_LABELS) is spam, one
 * labelled `clean` ham; the rest carry no verdict and are skipped. `notes` explains the label and is never read.
 */
export function parseXPosts(text: string, source: string): LabelledExample[] {
  const out: LabelledExample[] = [];
  for (const { value, line } of jsonLines(text, source, xPostSchema)) {
    const { id, text: content, labels } = value;
    const label = labels.some((l) => X_SPAM_LABELS.has(l)) ? 'spam' : labels.includes('clean') ? 'ham' : undefined;
    if (label === undefined) continue;
    out.push({ id: id === undefined ? `${source}:${line}` : String(id), content, contentType: 'text', author: {}, label, source });
  }
  return out;
}

/** Guesses a format from the extension, then from the first line. */
export function detectFormat(path: string, text: string): DatasetFormat {
  const ext = extname(path).toLowerCase();
  const first = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
  if (ext === '.csv') return /^\s*label\s*,/i.test(first) ? 'label-csv' : 'youtube-csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return /"labels"\s*:\s*\[/.test(first) ? 'x-posts' : 'jsonl';
  if (/^(spam|ham)\t/.test(first)) return 'sms';
  if (first.trimStart().startsWith('{')) return 'jsonl';
  if (/^COMMENT_ID,/i.test(first)) return 'youtube-csv';
  throw new DatasetError('cannot tell the format (use .csv, .jsonl, or spam/ham<TAB>text lines)', path);
}

/** Parses text already in memory in the given format; `source` names it in examples and errors. */
export function parseExamples(text: string, format: DatasetFormat, source: string): LabelledExample[] {
  switch (format) {
    case 'youtube-csv':
      return parseYoutubeCsv(text, source);
    case 'jsonl':
      return parseJsonLines(text, source);
    case 'sms':
      return parseSmsCollection(text, source);
    case 'label-csv':
      return parseLabelCsv(text, source);
    case 'x-posts':
      return parseXPosts(text, source);
  }
}

/** Reads one file of labelled examples; the format is detected unless given. `source` is the file's base name. */
export async function loadExamples(path: string, format?: DatasetFormat): Promise<LabelledExample[]> {
  const text = await readFile(path, 'utf8');
  return parseExamples(text, format ?? detectFormat(path, text), basename(path));
}

/** The four YouTube Spam Collection files in the shared data, one per video. */
export const YOUTUBE_FILES = [
  'Youtube01-Psy.csv',
  'Youtube02-KatyPerry.csv',
  'Youtube03-LMFAO.csv',
  'Youtube04-Eminem.csv',
] as const;

/** The shared data directory (`<project root>/../shared/data`), or undefined when it is absent (outside the team's workspace). */
export function findSharedData(dir: string = sharedDataDir): string | undefined {
  return existsSync(join(dir, 'youtube-spam-collection')) ? dir : undefined;
}

/** Loads all four YouTube files from a shared data directory; each example's `source` is its file name. */
export async function loadYoutubeCollection(dataDir: string): Promise<LabelledExample[]> {
  const parts = await Promise.all(YOUTUBE_FILES.map((f) => loadExamples(join(dataDir, 'youtube-spam-collection', f))));
  return parts.flat();
}
