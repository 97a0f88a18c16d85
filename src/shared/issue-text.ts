// A schema issue as a person reads it: which field, and what that field takes. A missing field
// names the call that needs it; a wrong type says what came instead; a misspelt key gets a guess.
import { z } from 'zod';
import { closestName } from './closest-name';

/** An unknown key is reported at the key itself, so the field names what to remove. */
function issuePath(issue: z.core.$ZodIssue): PropertyKey[] {
  return issue.code === 'unrecognized_keys' && issue.keys.length ? [...issue.path, issue.keys[0]] : [...issue.path];
}

export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
}

const own = (value: unknown, key: PropertyKey): boolean => typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, key);

/** Optional, nullable and default wrappers hide what a field really takes. */
function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as z.ZodType;
  return s;
}

/** For a discriminated union, the option the value's discriminator picks (null if none). */
function resolve(schema: z.ZodType, value: unknown): z.ZodType | null {
  const s = unwrap(schema);
  if (!(s instanceof z.ZodDiscriminatedUnion)) return s;
  const key = s.def.discriminator;
  if (!own(value, key)) return null;
  const tag = (value as Record<string, unknown>)[key];
  for (const option of s.options as z.ZodType[]) {
    const field = option instanceof z.ZodObject ? (option.shape as Record<string, z.ZodType>)[key] : undefined;
    if (field instanceof z.ZodLiteral && [...field.values].some((v) => v === tag)) return option;
  }
  return null;
}

/** The schema of the field a path leads to, following the input through unions; null where unknown. */
function schemaAt(root: z.ZodType, input: unknown, path: readonly PropertyKey[]): { schema: z.ZodType; parent: unknown; parentSchema: z.ZodType | null } | null {
  let schema: z.ZodType | null = root;
  let value = input;
  let parent: unknown = undefined;
  let parentSchema: z.ZodType | null = null;
  for (const key of path) {
    const here: z.ZodType | null = schema ? resolve(schema, value) : null;
    if (!here) return null;
    parent = value;
    parentSchema = here;
    if (here instanceof z.ZodObject && typeof key === 'string' && own(here.shape, key)) schema = (here.shape as Record<string, z.ZodType>)[key];
    else if (here instanceof z.ZodArray && typeof key === 'number') schema = here.element as z.ZodType;
    else if (here instanceof z.ZodRecord) schema = here.valueType as z.ZodType;
    else return null;
    value = own(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  }
  return schema ? { schema, parent, parentSchema } : null;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = own(value, key) ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}

const listed = (names: readonly unknown[]) => (names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : String(names[0]));

/** What a field takes, in words: its description, else its enum values or number range. */
function takes(schema: z.ZodType): string | null {
  const s = unwrap(schema);
  if (s.description) return s.description;
  if (s instanceof z.ZodEnum) return listed(s.options);
  if (s instanceof z.ZodNumber) {
    const kind = s.isInt ? 'an integer' : 'a number';
    const { minValue: min, maxValue: max } = s;
    const finite = (n: number | null): n is number => n !== null && Math.abs(n) < Number.MAX_SAFE_INTEGER;
    if (finite(min) && finite(max)) return `${kind} from ${min} to ${max}`;
    if (finite(min)) return `${kind} of at least ${min}`;
    return kind;
  }
  if (s instanceof z.ZodBoolean) return 'true or false';
  if (s instanceof z.ZodString) return 'text';
  if (s instanceof z.ZodArray) return 'a list';
  if (s instanceof z.ZodObject) return 'an object';
  return null;
}

/** What came instead, without echoing text (it may be megabytes): a number is shown, 1.5 is no integer. */
function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The call a step object names, for "BIO_connect needs addr". */
function callOf(value: unknown): string | null {
  return own(value, 'call') && typeof (value as { call: unknown }).call === 'string' ? ((value as { call: string }).call.slice(0, 64)) : null;
}

export interface IssueText {
  path: PropertyKey[];
  /** Without the field's name: the caller puts it first, or carries it in a field of its own. */
  message: string;
}

/** The first issue of a failed parse of `input` against `root`, in words. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown, root: z.ZodType): IssueText {
  const path = issuePath(issue);
  if (issue.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]);
    const value = valueAt(input, issue.path);
    const at = schemaAt(root, input, issue.path);
    const object = at ? resolve(at.schema, value) : null;
    if (!(object instanceof z.ZodObject)) return { path, message: issue.message };
    const fields = Object.keys(object.shape);
    const call = own(object.shape, 'call') ? callOf(value) : null;
    const guess = closestName(key, fields);
    return { path, message: `unknown field ${JSON.stringify(key.slice(0, 64))}${call ? ` for ${call}` : ''}; ${guess ? `did you mean ${guess}? ` : ''}expected only ${fields.join(', ')}` };
  }
  const at = path.length ? schemaAt(root, input, path) : null;
  const key = path[path.length - 1];
  const missing = at !== null && typeof at.parent === 'object' && at.parent !== null && !Array.isArray(at.parent) && !own(at.parent, key);
  if (missing) {
    const what = takes(at.schema) ?? (issue.code === 'invalid_type' ? issue.expected : null);
    const call = at.parentSchema instanceof z.ZodObject && own(at.parentSchema.shape, 'call') ? callOf(at.parent) : null;
    if (what) return { path, message: call ? `missing; ${call} needs ${String(key)}: ${what}` : `missing; expected ${what}` };
  }
  if (at && issue.code === 'invalid_type' && !missing) {
    const what = takes(at.schema);
    const value = (at.parent as Record<PropertyKey, unknown>)[key];
    if (what) return { path, message: `expected ${what}, got ${typeOf(value)}` };
  }
  return { path, message: issue.message };
}

/** A contract request's first issue as {field, message}, the message starting with the field. */
export function requestIssue(issue: z.core.$ZodIssue, input: unknown, root: z.ZodType): { field: string; message: string } {
  const { path, message } = describeIssue(issue, input, root);
  const field = formatIssuePath(path) || '(request)';
  return { field, message: `${field}: ${message}` };
}
