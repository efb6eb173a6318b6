/** Locations inside the installed package, the same whether running from src/ via tsc output in dist/ or elsewhere. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
}

/** The project root: the nearest ancestor of this module holding package.json. */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Resolves a path relative to the project root (absolute paths pass through). */
export function fromRoot(...parts: string[]): string {
  return resolve(packageRoot, ...parts);
}

/** The shared data folder beside the project (`../shared/data`), used by training, evaluation and benchmarks. */
export const sharedDataDir = resolve(packageRoot, '..', 'shared', 'data');
