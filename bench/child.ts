/**
 * Entry point of child tasks (see bench/support/child.ts): `node --expose-gc dist/bench/child.js TASK` with the
 * task's JSON arguments on stdin; prints the JSON result on one line after the marker.
 */
import { text } from 'node:stream/consumers';
import { modelGrowthTask } from './growth-model.js';
import { naturalTask } from './peers/natural.js';
import { modelHeapTask } from './scoring.js';
import { RESULT_MARKER } from './support/child.js';

const TASKS: Record<string, (args: never) => Promise<unknown>> = {
  'model-heap': modelHeapTask,
  natural: naturalTask,
  'model-growth': modelGrowthTask,
};

const name = process.argv[2] ?? '';
const task = TASKS[name];
if (!task) {
  process.stderr.write(`unknown task "${name}"; known: ${Object.keys(TASKS).join(', ')}\n`);
  process.exitCode = 2;
} else {
  const args = JSON.parse(await text(process.stdin)) as never;
  const result = await task(args);
  process.stdout.write(`\n${RESULT_MARKER}${JSON.stringify(result)}\n`);
}
