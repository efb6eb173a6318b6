/** Small helpers shared by CLI commands: exit codes, the errors that map to them, JSON lines on stdout. */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** Exit codes of `sluice`, the same for every command (listed in the global help and the README). */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** It went wrong: a runtime failure, or what was asked for does not exist or cannot be done now (not found, conflict). */
  failure: 1,
  /** The command line or the configuration is wrong: nothing was done. */
  usage: 2,
  /** Redis did not answer at REDIS_URL: nothing was done; start Redis or fix REDIS_URL and run it again. */
  noRedis: 3,
} as const;

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Redis did not answer: exit code 3. The message names the URL tried (without its password) and what to do. */
export class RedisUnreachableError extends Error {
  override readonly name = 'RedisUnreachableError';
}

/** `url` with its password (and a username's secret part) replaced by `***`, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (!u.password) return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
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

/** A note for the person at the terminal (stderr), so that stdout stays machine-readable. */
export function note(text: string): void {
  process.stderr.write(`${text}\n`);
}
