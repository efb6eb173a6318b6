/**
 * What every browser test shares: Debian's Chromium (driven by playwright-core, which downloads no browser), the flags
 * it runs with, where screenshots go, and the skip rule — under CI a missing browser is a failure (the launch fails
 * loudly), never a skip.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { fromRoot } from '../../src/platform/paths.js';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** Where the browser tests put their screenshots (git-ignored). */
export const artifacts = fromRoot('test-artifacts');

/** The `skip` option of a browser suite: false, or why it is skipped (only outside CI). */
export const browserSkip: string | false =
  existsSync(CHROMIUM) || process.env['CI'] === 'true' ? false : `Chromium is not installed at ${CHROMIUM} (apt-get install chromium); browser tests skipped`;

/** Starts headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
