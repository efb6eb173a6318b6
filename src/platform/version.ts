/** The package version, read once from package.json. */
import { readFileSync } from 'node:fs';
import { fromRoot } from './paths.js';

export const VERSION: string = (JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as { version: string }).version;
