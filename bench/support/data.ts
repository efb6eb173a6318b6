/**
 * The labelled sets every section reads, from the shared data beside the project (never copied into it), and the
 * honest splits: YouTube by video (train on three, test on the fourth, all rotations), SMS by a fixed position cut.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadExamples, loadYoutubeCollection, type LabelledExample } from '../../src/classifier/dataset.js';
import { sharedDataDir } from '../../src/platform/paths.js';
import type { SiteSettings } from '../../src/scoring/context.js';

/** The two labelled sets. */
export interface Corpora {
  readonly youtube: readonly LabelledExample[];
  readonly sms: readonly LabelledExample[];
}

/** One train/test split. */
export interface Split {
  /** `Youtube01-Psy.csv` (the held-out video) or `sms`. */
  readonly name: string;
  readonly corpus: 'youtube' | 'sms';
  readonly train: readonly LabelledExample[];
  readonly test: readonly LabelledExample[];
}

/** The service's default settings (REVIEW_THRESHOLD 0.5, SPAM_THRESHOLD 0.9, no site languages). */
export const DEFAULT_SETTINGS: SiteSettings = Object.freeze({ thresholds: Object.freeze({ review: 0.5, spam: 0.9 }), languages: [] });

/** Loads both sets, or says why it cannot. */
export async function loadCorpora(dir = sharedDataDir): Promise<Corpora | { missing: string }> {
  const sms = join(dir, 'sms-spam-collection', 'SMSSpamCollection');
  if (!existsSync(join(dir, 'youtube-spam-collection')) || !existsSync(sms)) {
    return { missing: `the labelled data is not at ${dir} (see the project README, "Data and credits")` };
  }
  return { youtube: await loadYoutubeCollection(dir), sms: await loadExamples(sms, 'sms') };
}

/** Fraction of the SMS collection (its first lines) used for training; the rest is the test set. */
export const SMS_TRAIN_FRACTION = 0.8;

/** The four by-video rotations of YouTube, then the fixed SMS split. */
export function splitsOf(corpora: Corpora): Split[] {
  const videos = [...new Set(corpora.youtube.map((e) => e.source))].sort();
  const youtube = videos.map((heldOut) => ({
    name: heldOut,
    corpus: 'youtube' as const,
    train: corpora.youtube.filter((e) => e.source !== heldOut),
    test: corpora.youtube.filter((e) => e.source === heldOut),
  }));
  const cut = Math.round(corpora.sms.length * SMS_TRAIN_FRACTION);
  return [...youtube, { name: 'sms', corpus: 'sms', train: corpora.sms.slice(0, cut), test: corpora.sms.slice(cut) }];
}
