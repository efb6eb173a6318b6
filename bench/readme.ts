/**
 * `npm run bench:readme`: regenerates the README's "Performance" section from bench/results/latest.json (or the file
 * given as the first argument). Exits 1 when either file is missing or the README lacks the markers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fromRoot } from '../src/platform/paths.js';
import { performanceSection, replaceSection } from './readme-section.js';
import type { BenchResults } from './results-types.js';

/** Where `npm run bench` writes its results. */
const LATEST = fromRoot('bench', 'results', 'latest.json');

try {
  const results = JSON.parse(await readFile(process.argv[2] ?? LATEST, 'utf8')) as BenchResults;
  const readme = fromRoot('README.md');
  const before = await readFile(readme, 'utf8');
  const after = replaceSection(before, performanceSection(results));
  if (after !== before) await writeFile(readme, after);
  process.stdout.write(`README.md Performance section ${after === before ? 'already up to date' : 'regenerated'} from ${results.startedAt}\n`);
} catch (err) {
  process.stderr.write(`bench:readme: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
