// Turning a schema's verdict into the error a person can act on: the field, then what it takes.
import type { z } from 'zod';
import { requestIssue } from '../issue-text';

export type Validated<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** Parses `input` with `schema`; a failure names its first field and what that field takes. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, ...requestIssue(parsed.error.issues[0], input, schema) };
}
