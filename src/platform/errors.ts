/**
 * One error family for the whole service: a stable code, an HTTP status and a message.
 * The catalogue below is the list of codes clients may see; handlers throw these and never build ad-hoc errors.
 */

/** An error a client is meant to see. `status` < 500 is the client's fault and is logged at info. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  /** The JSON body every error response carries. */
  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The catalogue: each entry is a factory so the message can name the detail. */
export const errors = {
  badJson: (detail: string) => new AppError('bad_json', 400, `The body is not valid JSON: ${detail}`),
  validation: (detail: string) => new AppError('validation_failed', 400, detail),
  unsupportedMediaType: (type = 'application/json') =>
    new AppError('unsupported_media_type', 415, `Send the body as ${type}.`),
  payloadTooLarge: (limit: number) =>
    new AppError('payload_too_large', 413, `The body is larger than the limit of ${limit} bytes.`),
  unauthorized: () =>
    new AppError('unauthorized', 401, 'Missing or invalid credentials: send "Authorization: Bearer <key>".', {
      'WWW-Authenticate': 'Bearer',
    }),
  forbidden: (detail: string) => new AppError('forbidden', 403, detail),
  notFound: (what: string) => new AppError('not_found', 404, `${what} was not found.`),
  routeNotFound: (method: string, path: string) =>
    new AppError('route_not_found', 404, `No route for ${method} ${path}.`),
  conflict: (detail: string) => new AppError('conflict', 409, detail),
  rotationInGrace: (until: string) =>
    new AppError(
      'rotation_in_grace',
      409,
      `The previous webhook secret still signs until ${until}; rotate again after that, or force it ({"force": true}, or sluice sites rotate-secret --force) to drop it now (a CMS still on it fails verification).`,
    ),
  notScored: (id: string) =>
    new AppError('not_scored', 409, `Comment "${id}" has no verdict yet; it can be decided once it is scored.`),
  blockRefused: (value: string, why: string) =>
    new AppError('block_refused', 409, `"${value}" is not blocked: ${why}. Reject the comment without blocking, or change the site's lists.`),
  nothingToBlock: (id: string, what: string) =>
    new AppError('nothing_to_block', 409, `Comment "${id}" has no ${what} to block.`),
  nothingToTrust: (id: string, what: string) =>
    new AppError('nothing_to_trust', 409, `Comment "${id}" has no ${what} to trust.`),
  undoNothing: (id: string, detail: string) => new AppError('undo_nothing', 409, `Comment "${id}" has nothing to undo: ${detail}.`),
  undoStale: (id: string, detail: string) =>
    new AppError('undo_stale', 409, `The decision on comment "${id}" is not undone: ${detail}. Look at the comment again.`),
  undoExpired: (id: string, windowSeconds: number) =>
    new AppError(
      'undo_expired',
      409,
      `The decision on comment "${id}" is older than the ${windowSeconds} s a decision can be undone; decide the comment again instead.`,
    ),
  trustRefused: (value: string, why: string) =>
    new AppError('trust_refused', 409, `"${value}" is not trusted: ${why}. Approve the comment without trusting it, or change the site's lists.`),
  alreadyRejected: (id: string) =>
    new AppError('already_rejected', 409, `Comment "${id}" is already rejected as spam; there is nothing to report.`),
  callbackUrlRefused: (reason: string) => new AppError('callback_url_refused', 400, `The callback URL is refused: ${reason}.`),
  notReplayable: (id: string, state: string) =>
    new AppError('not_replayable', 409, `Delivery "${id}" is ${state}; only failed deliveries can be replayed.`),
  unavailable: (detail: string, retryAfterSeconds = 5) =>
    new AppError('unavailable', 503, detail, { 'Retry-After': String(retryAfterSeconds) }),
  /** `what`: what came too fast, and from whom, e.g. `comments for this site`. */
  rateLimited: (what: string, retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, `Too many ${what}; retry after ${retryAfterSeconds} s.`, {
      'Retry-After': String(retryAfterSeconds),
    }),
  tooDeep: (max: number) => new AppError('too_deep', 400, `The body nests deeper than ${max} levels.`),
  tooManyLinks: (max: number) => new AppError('too_many_links', 400, `The comment has more than ${max} links.`),
  badSignature: (detail: string) =>
    new AppError('bad_signature', 401, `The Sluice-Signature header is ${detail}.`, { 'WWW-Authenticate': 'Sluice-Signature' }),
  tooManyConnections: (max: number) =>
    new AppError('too_many_connections', 503, `This address has ${max} connections open already; close one or retry shortly.`, { 'Retry-After': '1' }),
  tooManyStreams: (max: number) =>
    new AppError('too_many_streams', 503, `This server has ${max} live streams open already; poll GET /v1/review meanwhile, or retry shortly.`, { 'Retry-After': '10' }),
  coralBadSignature: () =>
    new AppError(
      'bad_signature',
      401,
      "The X-Coral-Signature header is missing or does not match: Coral signs the raw body with the phase's signing secret (sluice sites coral-secret SITE).",
    ),
  replayed: (what: string) => new AppError('replayed', 409, `${what} was received already; a replay is not scored again.`),
  staleRevision: (id: string) =>
    new AppError('stale_revision', 409, `Comment "${id}" has a newer revision already (signed later); this older one is not stored.`),
  internal: () => new AppError('internal', 500, 'Something went wrong on our side; it has been logged.'),
} as const;

/** Formats zod issues as one readable sentence: `content: Required; author.url: Too long`. */
export function describeIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  return issues
    .slice(0, 10)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(body)'}: ${i.message}`)
    .join('; ');
}
