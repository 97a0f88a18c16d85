// A schema issue in words for each shape a field can take (issue-text.test.ts reads the real
// contract's messages): what a missing field takes, what came instead of the right type, an
// unknown key with its guess, and where the words fall back to the schema library's own.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssue, formatIssuePath, requestIssue } from './issue-text';

const LONG_CALL = 'c'.repeat(70);
const Step = z.discriminatedUnion('call', [
  z.strictObject({
    call: z.literal('probe'),
    n: z.number().int().min(1).max(9),
    atLeast: z.number().min(0),
    atMost: z.number().max(5),
    any: z.number(),
    whole: z.number().int(),
    on: z.boolean().nullable(),
    text: z.string().optional(),
    list: z.array(z.number()),
    obj: z.object({ x: z.string() }),
    two: z.enum(['X', 'Y']),
    three: z.enum(['P', 'Q', 'R']),
    one: z.enum(['ONLY']),
    lit: z.literal('k'),
    said: z.string().describe('what the field says it takes'),
    nothing: z.null(),
    table: z.record(z.string(), z.number()),
  }),
  z.strictObject({ call: z.literal('other'), only: z.string() }),
  z.strictObject({ call: z.literal(LONG_CALL) }),
]);
const Root = z.object({ step: Step, plain: z.object({ p: z.number().int().min(1) }).optional(), loose: z.union([z.strictObject({ a: z.string() }), z.number()]).optional() });

const full = {
  call: 'probe', one: 'ONLY', lit: 'k', n: 1, atLeast: 0, atMost: 0, any: 0, whole: 0, on: null, text: 't', list: [], obj: { x: '' }, two: 'X', three: 'P', said: '', nothing: null, table: {},
};

/** The words for the first issue a parse of `input` finds. */
function first(input: unknown, root: z.ZodType = Root) {
  const r = root.safeParse(input);
  if (r.success) throw new Error('expected the input to be refused');
  return describeIssue(r.error.issues[0], input, root);
}

const without = (key: string) => {
  const { [key]: _, ...rest } = full as Record<string, unknown>;
  return { step: rest };
};

describe('a missing field of a step names the call and what the field takes', () => {
  it('numbers: an integer in a range, a number with a floor, a number, an integer', () => {
    expect(first(without('n'))).toEqual({ path: ['step', 'n'], message: 'missing; probe needs n: an integer from 1 to 9' });
    expect(first(without('atLeast')).message).toBe('missing; probe needs atLeast: a number of at least 0');
    expect(first(without('atMost')).message).toBe('missing; probe needs atMost: a number');
    expect(first(without('any')).message).toBe('missing; probe needs any: a number');
    expect(first(without('whole')).message).toBe('missing; probe needs whole: an integer');
  });

  it('the other kinds: true or false, text, a list, an object, enum values, a description', () => {
    expect(first(without('on')).message).toBe('missing; probe needs on: true or false');
    expect(first(without('list')).message).toBe('missing; probe needs list: a list');
    expect(first(without('obj')).message).toBe('missing; probe needs obj: an object');
    expect(first(without('two')).message).toBe('missing; probe needs two: X or Y');
    expect(first(without('three')).message).toBe('missing; probe needs three: P, Q or R');
    expect(first(without('one')).message).toBe('missing; probe needs one: ONLY');
    expect(first(without('said')).message).toBe('missing; probe needs said: what the field says it takes');
  });

  it('a kind it cannot put in words is named as the schema library names it, or left in its words', () => {
    expect(first(without('nothing')).message).toBe('missing; probe needs nothing: null');
    const input = without('lit');
    const r = Root.safeParse(input);
    if (r.success) throw new Error('expected a refusal');
    expect(first(input).message).toBe(r.error.issues[0].message);
  });

  it('outside a step, a missing field says what is expected without a call', () => {
    expect(first({ step: full, plain: {} })).toEqual({ path: ['plain', 'p'], message: 'missing; expected an integer of at least 1' });
  });
});

describe('a field of the wrong type says what it takes and what came', () => {
  it('through optional and nullable wrappers, naming the value\'s kind', () => {
    expect(first({ step: { ...full, on: 'yes' } }).message).toBe('expected true or false, got a string');
    expect(first({ step: { ...full, text: 5 } }).message).toBe('expected text, got 5');
    expect(first({ step: { ...full, said: null } }).message).toBe('expected what the field says it takes, got null');
    expect(first({ step: { ...full, n: [1] } }).message).toBe('expected an integer from 1 to 9, got a list');
    expect(first({ step: { ...full, any: {} } }).message).toBe('expected a number, got an object');
    expect(first({ step: { ...full, any: true } }).message).toBe('expected a number, got a boolean');
  });

  it('inside a list and a record', () => {
    expect(first({ step: { ...full, list: [1, 'x'] } })).toEqual({ path: ['step', 'list', 1], message: 'expected a number, got a string' });
    expect(first({ step: { ...full, table: { k: 'v' } } })).toEqual({ path: ['step', 'table', 'k'], message: 'expected a number, got a string' });
  });

  it('keeps the library\'s words where no kind is known', () => {
    const input = { step: { ...full, nothing: 1 } };
    const r = Root.safeParse(input);
    if (r.success) throw new Error('expected a refusal');
    expect(first(input).message).toBe(r.error.issues[0].message);
  });
});

describe('an unknown key of a step', () => {
  it('is named at the key, with the call, a guess and the fields it takes', () => {
    expect(first({ step: { call: 'other', only: 'x', onyl: 1 } })).toEqual({ path: ['step', 'onyl'], message: 'unknown field "onyl" for other; did you mean only? expected only call, only' });
    expect(first({ step: { call: 'other', only: 'x', zzzzzz: 1 } }).message).toBe('unknown field "zzzzzz" for other; expected only call, only');
  });

  it('cuts a long key and a long call to 64 characters', () => {
    const key = 'k'.repeat(80);
    expect(first({ step: { call: 'other', only: 'x', [key]: 1 } }).message).toBe(`unknown field "${'k'.repeat(64)}" for other; expected only call, only`);
    expect(first({ step: { call: LONG_CALL, zzzzzz: 1 } }).message).toBe(`unknown field "zzzzzz" for ${'c'.repeat(64)}; expected only call`);
  });

  it('outside a step it names no call; where the object is not known it keeps the library\'s words', () => {
    const Loose = z.strictObject({ alpha: z.string() });
    expect(first({ alpha: 'x', zzzz: 1 }, Loose)).toEqual({ path: ['zzzz'], message: 'unknown field "zzzz"; expected only alpha' });
    const r = first({ step: full, loose: { a: 'x', b: 1 } });
    expect(r.message).not.toMatch(/^unknown field/);
  });
});

describe('where the words cannot follow the input', () => {
  it('a step with no call, or a call no option has, keeps the library\'s words', () => {
    const noCall = first({ step: { n: 1 } });
    expect(noCall.path).toEqual(['step', 'call']);
    expect(noCall.message).not.toMatch(/^missing;/);
    const unknown = first({ step: { call: 'nope' } });
    expect(unknown.message).not.toMatch(/^missing;/);
  });

  it('an issue at the root has no field', () => {
    const r = z.string().safeParse(5);
    if (r.success) throw new Error('expected a refusal');
    expect(requestIssue(r.error.issues[0], 5, z.string())).toEqual({ field: '(request)', message: `(request): ${r.error.issues[0].message}` });
  });

  it('a request issue starts with its field', () => {
    const input = without('n');
    const r = Root.safeParse(input);
    if (r.success) throw new Error('expected a refusal');
    expect(requestIssue(r.error.issues[0], input, Root)).toEqual({ field: 'step.n', message: 'step.n: missing; probe needs n: an integer from 1 to 9' });
  });
});

describe('formatIssuePath', () => {
  it('writes indexes in brackets and keys after dots', () => {
    expect(formatIssuePath(['steps', 0, 'addr'])).toBe('steps[0].addr');
    expect(formatIssuePath([0, 1])).toBe('[0][1]');
    expect(formatIssuePath(['a', 'b'])).toBe('a.b');
    expect(formatIssuePath([])).toBe('');
  });
});
