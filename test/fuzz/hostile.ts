/**
 * Hostile request bodies for the fuzz tests, as fast-check arbitraries: random JSON (written by hand, so `__proto__`
 * and `constructor` stay plain keys), comment-shaped objects with hostile fields, deep nesting, truncated JSON,
 * invalid UTF-8 and NUL bytes, forms with broken escapes.
 */
import fc from 'fast-check';

/** A JSON document as data: objects are lists of entries, so any key (even `__proto__`) survives until written. */
export type Json = null | boolean | number | string | Json[] | { readonly entries: ReadonlyArray<readonly [string, Json]> };

/** Writes a {@link Json} as JSON text. */
export function writeJson(value: Json): string {
  if (Array.isArray(value)) return `[${value.map(writeJson).join(',')}]`;
  if (value !== null && typeof value === 'object') return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

const COMMENT_FIELDS = ['id', 'postId', 'content', 'contentType', 'author', 'permalink', 'parentId', 'createdAt', 'lang', 'referrer', 'honeypot', 'formRenderedAt'];
const AUTHOR_FIELDS = ['name', 'email', 'url', 'ip', 'userAgent', 'id', 'role'];
const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Strings that break naive code: prototype names, NUL, lone surrogates, markup, huge runs. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\ud800', '\udfff\ud800x', '\uffff', '__proto__', 'constructor', '%00', '<script>alert(1)</script>', 'https://x.example/' , 'www.', '1e309', '-0', 'NaN'),
  fc.integer({ min: 1_000, max: 120_000 }).chain((n) => fc.constantFrom('a', '[', '<', ' ', 'é', '😀', 'http://a.b ').map((c) => c.repeat(Math.ceil(n / c.length)))),
);

/** Short hostile strings, for URLs (Node itself refuses request lines over 16 KiB, before any route). */
export const hostileToken: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('', '\u0000', '\ud800', '__proto__', 'constructor', '[]', '[0]', 'a[b]', '%', '%E0%A4%A', '..', '%2F', '-1', '1e309', 'NaN'),
);

const key = fc.oneof(fc.constantFrom(...COMMENT_FIELDS, ...AUTHOR_FIELDS, ...SPECIAL_KEYS), hostileString);

/** Any JSON, with hostile strings and keys, a few levels deep. */
export const hostileJson: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 5 }).map((entries) => ({ entries })),
  ),
})).value;

const field = (valid: fc.Arbitrary<Json>) => fc.oneof(valid, hostileJson);

/** Comment-shaped objects whose every field is either plausible or hostile, so they reach past the first check. */
export const hostileComment: fc.Arbitrary<Json> = fc
  .record({
    id: field(fc.string({ minLength: 1, maxLength: 20 })),
    postId: field(fc.constant('p')),
    content: field(fc.string({ maxLength: 200 })),
    contentType: field(fc.constantFrom('text', 'html', 'markdown')),
    author: field(
      fc.record(
        { name: field(fc.string()), email: field(fc.emailAddress()), ip: field(fc.ipV4()), url: field(fc.webUrl()), role: field(fc.string()) },
        { requiredKeys: [] },
      ).map((a) => ({ entries: Object.entries(a) as Array<[string, Json]> })),
    ),
    createdAt: field(fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
    extra: fc.tuple(fc.constantFrom(...SPECIAL_KEYS), hostileJson),
  }, { requiredKeys: ['id', 'postId', 'content', 'extra'] })
  .map(({ extra, ...fields }) => ({ entries: [...(Object.entries(fields) as Array<[string, Json]>), extra] }));

/** A request body: JSON text of the above, deep nesting, truncated JSON, or random bytes. */
export const hostileBody: fc.Arbitrary<Buffer> = fc.oneof(
  hostileJson.map((v) => Buffer.from(writeJson(v))),
  hostileComment.map((v) => Buffer.from(writeJson(v))),
  hostileComment.chain((v) => {
    const text = writeJson(v);
    return fc.nat({ max: text.length }).map((cut) => Buffer.from(text.slice(0, cut)));
  }),
  fc.integer({ min: 1, max: 20_000 }).map((d) => Buffer.from(`${'['.repeat(d)}${']'.repeat(d)}`)),
  fc.uint8Array({ maxLength: 600 }).map((b) => Buffer.from(b)),
  fc.array(fc.tuple(fc.oneof(fc.constantFrom('api_key', 'key', 'blog', 'user_ip', 'comment_content', 'is_test', '__proto__'), hostileString), hostileString), { maxLength: 8 }).map(
    (pairs) => Buffer.from(pairs.map(([k, v]) => `${safeEncode(k)}=${safeEncode(v)}`).join('&') + (pairs.length % 2 ? '&%ZZ=%E0%A4%A&x' : '')),
  ),
);

/** encodeURIComponent, with lone surrogates (which it refuses) sent as a broken escape instead. */
export function safeEncode(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
}

/** Content types to send a body as, the wrong ones included. */
export const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=iso-8859-1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/x-www-form-urlencoded',
  'application/x-ndjson',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
);
