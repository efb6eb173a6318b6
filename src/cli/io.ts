/** Small helpers shared by CLI commands. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A usage error: printed with the command's help, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Iterates the non-empty lines of a stream. */
export async function* lines(input: Readable): AsyncGenerator<{ line: string; number: number }> {
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    number++;
    if (line.trim()) yield { line, number };
  }
}

/** Writes one JSON value as a line to stdout, respecting back-pressure. */
export async function printJson(value: unknown, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await new Promise((r) => out.once('drain', r));
}
