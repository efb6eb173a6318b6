/** The OpenAPI 3.1 document, generated from the route table and its zod schemas. */
import { z, type ZodType } from 'zod';
import type { Route } from './route.js';

/** `/v1/comments/:id` → `/v1/comments/{id}`. */
export function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

const schemaOf = (s: ZodType, io: 'input' | 'output'): Record<string, unknown> => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

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

/** Builds the document for `routes`. */
export function buildOpenApi(routes: readonly Route[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    const pathParams = [...route.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const responses = Object.fromEntries(
      Object.entries(route.responses).map(([status, doc]) => [
        status,
        {
          description: doc.description,
          ...(doc.schema || doc.type
            ? { content: { [doc.type ?? 'application/json']: doc.schema ? { schema: schemaOf(doc.schema, 'output') } : {} } }
            : {}),
        },
      ]),
    );
    (paths[path] ??= {})[route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth === 'public' ? { security: [] } : { 'x-roles': route.auth }),
      parameters: [...pathParams, ...queryParameters(route)],
      ...requestBody(route),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sluice',
      version,
      description: 'Self-hosted comment-spam moderation. Send `Authorization: Bearer <key or token>`.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
