/**
 * The model file: gzip of UTF-8 text,
 * ```
 * SLUICE-MODEL<TAB>1
 * {"format":1,"created":…,"tokenizerVersion":…,…}      header, one JSON line
 * token<TAB>spam<TAB>ham<TAB>lastSeen                  one line per token, sorted by token
 * ```
 * Why this shape: gzip'd sorted TSV is about as small as a hand-rolled binary format for this data (tokens share
 * prefixes), needs no dependency, carries gzip's CRC-32 against corruption, and `zcat` makes it readable when an
 * operator needs to see why a word is spammy. Tabs, newlines and backslashes in tokens are escaped.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { CountModel, type ModelOptions, type TokenCounts } from './model.js';

/** The format version this code writes and reads. */
export const MODEL_FORMAT_VERSION = 1;
const MAGIC = 'SLUICE-MODEL';

/** The header of a model file: what it is, what it was trained on, how good it was. */
export interface ModelHeader {
  readonly format: number;
  /** ISO 8601 creation time. */
  readonly created: string;
  /** Version of the shared tokenizer the features were made with; a mismatch makes the counts meaningless. */
  readonly tokenizerVersion: number;
  /** Version of the feature extraction (prefixes, pairs); checked like the tokenizer version. */
  readonly featuresVersion: number;
  readonly trainingSet: { readonly size: number; readonly sha256: string; readonly sources?: readonly string[] };
  /** Evaluation figures as the trainer reported them (free-form JSON). */
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly options: ModelOptions;
  /** Filled in by `serializeModel`: documents per class, the learn clock and the number of tokens. */
  readonly counts?: { readonly spam: number; readonly ham: number; readonly learned: number; readonly tokens: number };
}

/** What the caller supplies; `format`, `options` and `counts` come from the model. */
export type ModelHeaderInput = Omit<ModelHeader, 'format' | 'options' | 'counts'>;

/** Why a model file was refused. */
export const MODEL_FORMAT_ERROR_CODES = [
  'MODEL_CORRUPT',
  'MODEL_UNKNOWN_FORMAT',
  'MODEL_TOKENIZER_MISMATCH',
  'MODEL_FEATURES_MISMATCH',
] as const;
export type ModelFormatErrorCode = (typeof MODEL_FORMAT_ERROR_CODES)[number];

/** A model file that cannot be used, with a stable `code`. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
  constructor(
    readonly code: ModelFormatErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** What `parseModel` checks the file against. */
export interface ParseModelOptions {
  /** The running tokenizer's version; a file made with another is refused. */
  readonly tokenizerVersion: number;
  /** The running feature extraction's version; checked when given. */
  readonly featuresVersion?: number;
}

/** Writes a model and its header to the compressed file format. */
export function serializeModel(model: CountModel, header: ModelHeaderInput): Buffer {
  const tokens = [...model.entries()].sort((a, b) => (a.token < b.token ? -1 : a.token > b.token ? 1 : 0));
  const docs = model.documents;
  const full: ModelHeader = {
    format: MODEL_FORMAT_VERSION,
    ...header,
    options: model.options,
    counts: { spam: docs.spam, ham: docs.ham, learned: model.learnedCount, tokens: tokens.length },
  };
  const lines = [`${MAGIC}\t${MODEL_FORMAT_VERSION}`, JSON.stringify(full)];
  for (const t of tokens) lines.push(`${escape(t.token)}\t${t.spam}\t${t.ham}\t${t.lastSeen}`);
  return gzipSync(Buffer.from(lines.join('\n') + '\n', 'utf8'), { level: 9 });
}

/** Reads only the header (still decompresses the file). Throws `ModelFormatError` on a corrupt or unknown file. */
export function readModelHeader(buf: Uint8Array): ModelHeader {
  return split(buf).header;
}

/**
 * Reads a model file. Refuses, with a `ModelFormatError`, a file that is not gzip or is truncated (`MODEL_CORRUPT`),
 * of another format version (`MODEL_UNKNOWN_FORMAT`), or made with another tokenizer or feature extraction.
 */
export function parseModel(buf: Uint8Array, options: ParseModelOptions): { header: ModelHeader; model: CountModel } {
  const { header, lines } = split(buf);
  if (header.tokenizerVersion !== options.tokenizerVersion) {
    throw new ModelFormatError(
      'MODEL_TOKENIZER_MISMATCH',
      `model was built with tokenizer version ${header.tokenizerVersion}, this build has ${options.tokenizerVersion}: rebuild or retrain it`,
    );
  }
  if (options.featuresVersion !== undefined && header.featuresVersion !== options.featuresVersion) {
    throw new ModelFormatError(
      'MODEL_FEATURES_MISMATCH',
      `model was built with features version ${header.featuresVersion}, this build has ${options.featuresVersion}: rebuild or retrain it`,
    );
  }
  const tokens: TokenCounts[] = [];
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const parts = line.split('\t');
    const spam = Number(parts[1]);
    const ham = Number(parts[2]);
    const lastSeen = Number(parts[3]);
    if (parts.length !== 4 || !isCount(spam) || !isCount(ham) || !isCount(lastSeen)) {
      throw new ModelFormatError('MODEL_CORRUPT', `model file line ${i + 1} is not token<TAB>spam<TAB>ham<TAB>lastSeen`);
    }
    tokens.push({ token: unescape(parts[0]!), spam, ham, lastSeen });
  }
  const counts = header.counts;
  if (counts === undefined || counts.tokens !== tokens.length) {
    throw new ModelFormatError('MODEL_CORRUPT', `model file holds ${tokens.length} tokens, header says ${counts?.tokens}`);
  }
  const model = new CountModel(header.options);
  model.load({ spam: counts.spam, ham: counts.ham }, counts.learned, tokens);
  return { header, model };
}

function split(buf: Uint8Array): { header: ModelHeader; lines: string[] } {
  let text: string;
  try {
    text = gunzipSync(buf).toString('utf8');
  } catch (err) {
    throw new ModelFormatError('MODEL_CORRUPT', `model file is not valid gzip: ${(err as Error).message}`);
  }
  const lines = text.split('\n');
  const [magic, version] = (lines[0] ?? '').split('\t');
  if (magic !== MAGIC) throw new ModelFormatError('MODEL_UNKNOWN_FORMAT', 'not a Sluice model file');
  if (Number(version) !== MODEL_FORMAT_VERSION) {
    throw new ModelFormatError('MODEL_UNKNOWN_FORMAT', `model format version ${version} is not supported (expected ${MODEL_FORMAT_VERSION})`);
  }
  let header: ModelHeader;
  try {
    header = JSON.parse(lines[1] ?? '') as ModelHeader;
  } catch {
    throw new ModelFormatError('MODEL_CORRUPT', 'model header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || typeof header.tokenizerVersion !== 'number' || typeof header.options !== 'object') {
    throw new ModelFormatError('MODEL_CORRUPT', 'model header lacks tokenizerVersion or options');
  }
  return { header, lines };
}

function isCount(n: number): boolean {
  return Number.isInteger(n) && n >= 0;
}

function escape(token: string): string {
  return token.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

function unescape(token: string): string {
  return token.replace(/\\([\\tnr])/g, (_, c: string) => (c === '\\' ? '\\' : c === 't' ? '\t' : c === 'n' ? '\n' : '\r'));
}
