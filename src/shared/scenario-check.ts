// Checks a scenario file before anything runs: its JSON, its schema, and the names its steps
// use (an unknown `sock`, a duplicate `as`, an await of a step that was not started in the
// background), and its step groups. A file whose steps carry a caption or a prediction is a
// lesson: every step then needs a caption. Every error is reported, each naming the step and field.
import { overlappingChoices } from './lesson-prediction';
import { Scenario, Step } from './steps';
import { describeIssue, formatIssuePath } from './issue-text';
import { PORT_PLACEHOLDER } from './address';
import { groupProblems } from './step-groups';
import { jsonErrorText } from './json-position';
import { objectNameError } from './object-names';

export interface ScenarioError {
  /** The step's index in the file's `steps`, counted from 0 (people read it plus one). */
  step: number | null;
  field: string | null;
  /** What is wrong, without the step and field (they have keys of their own). */
  message: string;
}

/** The most errors one check reports; a note says how many more there were. */
export const MAX_REPORTED_ERRORS = 50;

/** The error as one line for a person, steps counted from 1: "step 2, addr: missing; ...". */
export function scenarioErrorText(error: ScenarioError): string {
  const where = [error.step === null ? null : `step ${error.step + 1}`, error.field].filter((p) => p !== null).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

/** `error` is the first of `errors`, which lists every one found (at most MAX_REPORTED_ERRORS, then a note). */
export type CheckResult = { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError; errors: ScenarioError[] };

function failed(errors: ScenarioError[]): CheckResult {
  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  if (errors.length > shown.length) shown.push({ step: null, field: null, message: `and ${errors.length - shown.length} more errors` });
  return { ok: false, error: shown[0], errors: shown };
}

export function checkScenarioText(text: string): CheckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return failed([{ step: null, field: null, message: `the file is not valid JSON: ${jsonErrorText(text, e as Error)}` }]);
  }
  return checkScenario(json);
}

/** A lesson is a scenario whose steps carry captions or predictions, or one that says what it needs. */
export function isLesson(scenario: Pick<Scenario, 'needs' | 'steps'>): boolean {
  return scenario.needs !== undefined || scenario.steps.some((s) => s.caption !== undefined || s.prediction !== undefined);
}

/** Every schema issue, each at its step and field. */
function schemaErrors(issues: readonly Parameters<typeof describeIssue>[0][], json: unknown): ScenarioError[] {
  return issues.map((issue) => {
    const { path, message } = describeIssue(issue, json, Scenario);
    let step: number | null = null;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      step = path[1];
      path.splice(0, 2);
    }
    return { step, field: formatIssuePath(path) || (step === null ? '(file)' : 'call'), message };
  });
}

type NamedStep = Step & { sock?: string | number; as?: string; addr?: string; background?: boolean };
/** A step whose schema failed: only the name it gives is kept, so later steps still find it. */
type NameOnly = { nameOnly: string };

/** The names and references of the steps: each step checked against those before it. */
function nameErrors(steps: readonly (NamedStep | NameOnly | null)[], lesson: boolean): ScenarioError[] {
  const names = new Map<string, number>();
  const background = new Set<number>();
  const out: ScenarioError[] = [];
  const fail = (step: number, field: string, message: string) => out.push({ step, field, message });
  const checked = steps.map((s) => (s === null || 'nameOnly' in s ? null : s));
  steps.forEach((s, i) => {
    if (s === null) return; // Its schema error is reported.
    if ('nameOnly' in s) return void (names.has(s.nameOnly) || names.set(s.nameOnly, i));
    if (typeof s.sock === 'string' && !names.has(s.sock)) {
      fail(i, 'sock', `no earlier step names a socket "${s.sock}" (names come from "as" on BIO_socket, BIO_accept_ex, BIO_accept or BIO_get_accept_socket; BIO_read and BIO_write also take a BIO's name)`);
    }
    const objectError = objectNameError(s, names, checked);
    if (objectError) fail(i, objectError.field, objectError.message);
    for (const m of typeof s.addr === 'string' ? s.addr.matchAll(PORT_PLACEHOLDER) : []) {
      if (!names.has(m[1])) fail(i, 'addr', `{${m[1]}.port} names no earlier socket`);
    }
    if ((s.call === 'await' || s.call === 'cancel') && (s.step >= i || !background.has(s.step))) {
      fail(i, 'step', `${s.step} names step ${s.step + 1} (the file counts from 0, messages from 1), which is not an earlier step started with "background": true`);
    }
    if (lesson && !s.caption) fail(i, 'caption', 'missing; in a lesson (a file whose steps carry captions or predictions) every step needs a caption: what to say while it runs');
    const overlap = s.prediction ? overlappingChoices(s.prediction) : null;
    if (overlap) fail(i, 'prediction.choices', overlap);
    if (s.background) background.add(i);
    if (s.as !== undefined) {
      if (names.has(s.as)) fail(i, 'as', `the name "${s.as}" is already given by step ${names.get(s.as)! + 1}; each "as" must be unique in a scenario`);
      else names.set(s.as, i);
    }
  });
  return out;
}

/** The steps of a file whose schema failed: each that parses on its own, else its `as` alone (so later steps still find the name). */
function stepsOf(raw: readonly unknown[]): (NamedStep | NameOnly | null)[] {
  return raw.slice(0, 100_000).map((s) => {
    const parsed = Step.safeParse(s);
    if (parsed.success) return parsed.data as NamedStep;
    const as = typeof s === 'object' && s !== null ? (s as { as?: unknown }).as : undefined;
    return typeof as === 'string' ? { nameOnly: as } : null;
  });
}

/** Whether a file that failed its schema reads as a lesson: a step with a caption or a prediction, or `needs`. */
function looksLikeLesson(json: object, raw: readonly unknown[]): boolean {
  return 'needs' in json || raw.some((s) => typeof s === 'object' && s !== null && ('caption' in s || 'prediction' in s));
}

export function checkScenario(json: unknown): CheckResult {
  const parsed = Scenario.safeParse(json);
  if (!parsed.success) {
    const file = typeof json === 'object' && json !== null ? json : {};
    const raw = Array.isArray((file as { steps?: unknown }).steps) ? (file as { steps: unknown[] }).steps : [];
    const errors = [...schemaErrors(parsed.error.issues, json), ...nameErrors(stepsOf(raw), looksLikeLesson(file, raw))];
    return failed(errors.sort((a, b) => (a.step ?? -1) - (b.step ?? -1)));
  }
  const steps = parsed.data.steps as NamedStep[];
  const errors = [...nameErrors(steps, isLesson(parsed.data)), ...groupProblems(steps)].sort((a, b) => (a.step ?? -1) - (b.step ?? -1));
  return errors.length ? failed(errors) : { ok: true, scenario: parsed.data };
}
