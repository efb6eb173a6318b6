/** Reading a model file from disk (the edge) into a model plus a version string naming it. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { TOKENIZER_VERSION } from '../scoring/tokenize.js';
import { FEATURES_VERSION } from './features.js';
import { parseModel, type ModelHeader } from './format.js';
import type { CountModel } from './model.js';

/** A loaded model and the version Sluice reports in verdicts (`<file name>@<first 8 hex of its SHA-256>`). */
export interface LoadedModel {
  readonly version: string;
  readonly header: ModelHeader;
  readonly model: CountModel;
}

/** The version of a model file: `<name>@<first 8 hex of its SHA-256>`. */
export function fileVersion(bytes: Uint8Array, name: string): string {
  return `${name}@${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}`;
}

/**
 * Parses model bytes under a version (default: the {@link fileVersion} of `name`), refusing a tokenizer or features
 * version other than this build's.
 */
export function loadModelBytes(bytes: Uint8Array, name: string, version = fileVersion(bytes, name)): LoadedModel {
  const { header, model } = parseModel(bytes, { tokenizerVersion: TOKENIZER_VERSION, featuresVersion: FEATURES_VERSION });
  return { version, header, model };
}

/** Reads and parses a model file. */
export function loadModelFile(path: string): LoadedModel {
  return loadModelBytes(readFileSync(path), basename(path).replace(/\.model$/, ''));
}
