/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas. What every route shares is derived
 * here rather than declared per route: its operationId (from method and path), its security scheme and 401/403 answers
 * (from its roles), and its 400 answer (when it parses a body or a query). The document lints clean with Redocly's
 * recommended ruleset (redocly.yaml; test/http/openapi-lint.test.ts).
 */
import { z, type ZodType } from 'zod';
import type { Role } from '../store/credentials.js';
import type { ResponseDoc, Route } from './route.js';
import { errorSchema } from './routes/schemas.js';

/** `/v1/comments/:id` → `/v1/comments/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A stable camelCase operationId from method and path: `get /v1/comments/:id` → `getCommentsById`,
 * `post /1.1/comment-check` → `postCommentCheck`. The API version and numeric segments are left out; a path
 * parameter reads `By<Name>`. A route may declare its own (`Route.operationId`).
 */
export function operationIdOf(route: Pick<Route, 'method' | 'path' | 'operationId'>): string {
  if (route.operationId) return route.operationId;
  const words = route.path
    .split('/')
    .filter((segment) => segment !== '' && segment !== 'v1')
    .flatMap((segment) => {
      const param = /^:(.+)$/.exec(segment);
      const parts = (param ? param[1]! : segment).split(/[^A-Za-z0-9]+/).filter((w) => w !== '' && !/^\d+$/.test(w));
      return param ? ['By', ...parts] : parts;
    });
  return route.method + words.map(capitalise).join('');
}

const schemaOf = (s: ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return completeRequired(rest) as Record<string, unknown>;
};

/**
 * A record keyed by an enum (`z.record(z.enum([...]), …)`) becomes `propertyNames` + `required` without `properties`;
 * this names each required key in `properties` (with the record's value schema), so the document says what it requires.
 */
function completeRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(completeRequired);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, completeRequired(v)])) as Record<string, unknown>;
  const required = out['required'];
  if (Array.isArray(required)) {
    const properties = { ...((out['properties'] as Record<string, unknown> | undefined) ?? {}) };
    const value = typeof out['additionalProperties'] === 'object' ? out['additionalProperties'] : {};
    for (const name of required as string[]) properties[name] ??= value;
    out['properties'] = properties;
  }
  return out;
}

function queryParameters(route: Route): unknown[] {
  if (!route.query) return [];
  const schema = schemaOf(route.query, 'input') as { properties?: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(s.description ? { description: s.description } : {}),
    schema: s,
  }));
}

function requestBody(route: Route): Record<string, unknown> {
  if (!route.body && !route.parser) return {};
  const type = route.bodyType ?? { form: 'application/x-www-form-urlencoded', text: 'text/plain', raw: 'application/octet-stream', json: 'application/json' }[route.parser ?? 'json'];
  const schema = route.body ? schemaOf(route.body, 'input') : { type: 'string' };
  return { requestBody: { required: true, content: { [type]: { schema } } } };
}

/** The security schemes: both are `Authorization: Bearer`, told apart by who holds the secret. */
const securitySchemes = {
  siteKey: { type: 'http', scheme: 'bearer', description: "A site's API key (role `cms`), issued by `sluice sites add` or `sluice sites rotate-key`." },
  staffToken: { type: 'http', scheme: 'bearer', description: 'A staff token (role `moderator` or `operator`), issued by `sluice tokens add`.' },
} as const;

/** The schemes a route accepts (alternatives), from its roles; none for a public route. */
function securityOf(auth: readonly Role[] | 'public'): Array<Record<string, []>> {
  if (auth === 'public') return [];
  const schemes: Array<Record<string, []>> = [];
  if (auth.includes('cms')) schemes.push({ siteKey: [] });
  if (auth.some((role) => role !== 'cms')) schemes.push({ staffToken: [] });
  return schemes;
}

/** The answers every route of its kind may give, unless the route documents them itself. */
function derivedResponses(route: Route): Record<number, ResponseDoc> {
  const derived: Record<number, ResponseDoc> = {};
  // A route answering in another protocol (Akismet's) answers bad input its own way, documented on the route.
  if ((route.body || route.query || route.parser) && !route.onError) {
    derived[400] = { description: 'The body or query is malformed or fails validation.', schema: errorSchema };
  }
  if (route.auth !== 'public') {
    derived[401] = { description: 'No `Authorization: Bearer` header, or the key or token is unknown or revoked (`unauthorized`).', schema: errorSchema };
    derived[403] = { description: `The credentials are valid but not of a role allowed here (${route.auth.join(', ')}) (\`forbidden\`).`, schema: errorSchema };
  }
  return derived;
}

function responsesOf(route: Route): Record<string, unknown> {
  const all = { ...derivedResponses(route), ...route.responses };
  return Object.fromEntries(
    Object.entries(all)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([status, doc]) => [
        status,
        {
          description: doc.description,
          ...(doc.schema || doc.type
            ? { content: { [doc.type ?? 'application/json']: doc.schema ? { schema: schemaOf(doc.schema, 'output') } : {} } }
            : {}),
        },
      ]),
  );
}

/** Builds the document for `routes`. Throws if two routes would share an operationId (a new route must rename one). */
export function buildOpenApi(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const ids = new Map<string, string>();
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const operationId = operationIdOf(route);
    const other = ids.get(operationId);
    if (other) throw new Error(`operationId ${operationId} of ${route.method} ${route.path} is also that of ${other}`);
    ids.set(operationId, `${route.method} ${route.path}`);
    const pathParams = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    (paths[path] ??= {})[route.method] = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      security: securityOf(route.auth),
      ...(route.auth === 'public' ? {} : { 'x-roles': route.auth }),
      parameters: [...pathParams, ...queryParameters(route)],
      ...requestBody(route),
      responses: responsesOf(route),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sluice',
      version,
      description: 'Self-hosted comment-spam moderation. Send `Authorization: Bearer <key or token>`: a site API key for the CMS routes, a staff token for the others.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    // Relative: the document describes the server that serves it, wherever it is deployed.
    servers: [{ url: '/', description: 'The Sluice server serving this document.' }],
    components: { securitySchemes },
    paths,
  };
}
