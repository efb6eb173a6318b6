/**
 * Guards on request bodies, run by the body parsers before they parse: nesting deeper than MAX_JSON_DEPTH is refused
 * (a deep enough document parses, then overflows the stack of whatever walks it: JSON.stringify, a schema), and the
 * raw bytes are kept for routes that verify a signature over them.
 */
import type { IncomingMessage } from 'node:http';

/** Raised by the parsers' `verify` hook; the error middleware maps `type` to a 400 `too_deep`. */
export class TooDeepError extends Error {
  override readonly name = 'TooDeepError';
  /** body-parser keeps an error's own `type`: src/http/errors.ts switches on it. */
  readonly type = 'entity.too.deep';
  constructor(readonly max: number) {
    super(`The body nests deeper than ${max} levels.`);
  }
}

const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when brackets and braces outside JSON strings nest deeper than `max`. One pass, no allocation. */
export function nestsDeeperThan(bytes: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_BRACKET || b === OPEN_BRACE) {
      if (++depth > max) return true;
    } else if ((b === CLOSE_BRACKET || b === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return false;
}

const rawBodies = new WeakMap<IncomingMessage, Buffer>();

/** The raw bytes of a request's body, as the body parser read them (before decoding). */
export function rawBodyOf(req: IncomingMessage): Buffer | undefined {
  return rawBodies.get(req);
}

/** A body-parser `verify` hook: keeps the raw body and refuses nesting deeper than `maxDepth`. */
export function guardBody(maxDepth: number): (req: IncomingMessage, res: unknown, buf: Buffer) => void {
  return (req, _res, buf) => {
    rawBodies.set(req, buf);
    if (nestsDeeperThan(buf, maxDepth)) throw new TooDeepError(maxDepth);
  };
}

/**
 * The two spellings of a JSON content type nearly every caller sends, matched without parsing the header; anything
 * else (parameters, case, `+json` suffixes) is left to type-is by the callers.
 */
export const isPlainJsonType = (type: string | undefined): boolean =>
  type === 'application/json' || type === 'application/json; charset=utf-8';
