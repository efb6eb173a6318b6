/** Parsing at the edge: zod errors become one 400 with every problem named. */
import type { ZodType, z } from 'zod';
import { describeIssues, errors } from '../platform/errors.js';

/** Parses `value` with `schema` or throws a `validation_failed` AppError. */
export function parse<S extends ZodType>(schema: S, value: unknown, where = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw errors.validation(`Invalid ${where}: ${describeIssues(result.error.issues)}`);
  return result.data;
}
