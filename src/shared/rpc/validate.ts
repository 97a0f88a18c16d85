// Turning a schema's verdict into the error a person can act on: the field, then what it takes.
import type { z } from 'zod';

/** An unknown key is reported at the key itself, so the field names what to remove. */
export function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys.length ? [...issue.path, issue.keys[0]] : [...issue.path];
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

export type Validated<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** Parses `input` with `schema`; a failure names its first field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.infer<S>> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const field = formatIssuePath(issuePath(issue)) || '(request)';
  return { ok: false, field, message: `${field}: ${issue.message}` };
}
