// Checks a scenario file before anything runs: its JSON, its schema, and the names its steps
// use (an unknown `sock`, a duplicate `as`, an await of a step that was not started in the
// background). A file whose steps carry a caption or a prediction is a lesson: every step then
// needs a caption. A failure names the step and the field.
import { overlappingChoices } from './lesson-prediction';
import { Scenario, type Step } from './steps';
import { describeIssue, formatIssuePath } from './issue-text';
import { PORT_PLACEHOLDER } from './address';
import { objectNameError } from './object-names';

export interface ScenarioError {
  step: number | null;
  field: string | null;
  /** What is wrong, without the step and field (they have keys of their own). */
  message: string;
}

/** The error as one line for a person: "step 1, addr: missing; ...". */
export function scenarioErrorText(error: ScenarioError): string {
  const where = [error.step === null ? null : `step ${error.step}`, error.field].filter((p) => p !== null).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

export type CheckResult = { ok: true; scenario: Scenario } | { ok: false; error: ScenarioError };

export function checkScenarioText(text: string): CheckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: { step: null, field: null, message: `the file is not valid JSON: ${(e as Error).message}` } };
  }
  return checkScenario(json);
}

/** A lesson is a scenario whose steps carry captions or predictions, or one that says what it needs. */
export function isLesson(scenario: Scenario): boolean {
  return scenario.needs !== undefined || scenario.steps.some((s) => s.caption !== undefined || s.prediction !== undefined);
}

export function checkScenario(json: unknown): CheckResult {
  const parsed = Scenario.safeParse(json);
  if (!parsed.success) {
    const { path, message } = describeIssue(parsed.error.issues[0], json, Scenario);
    let step: number | null = null;
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      step = path[1];
      path.splice(0, 2);
    }
    const field = formatIssuePath(path) || (step === null ? '(file)' : 'call');
    return { ok: false, error: { step, field, message } };
  }
  const names = new Map<string, number>();
  const background = new Set<number>();
  const fail = (step: number, field: string, message: string): CheckResult => ({ ok: false, error: { step, field, message } });
  const steps = parsed.data.steps as Step[];
  const lesson = isLesson(parsed.data);
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i] as Step & { sock?: string | number; as?: string; addr?: string; background?: boolean };
    if (typeof s.sock === 'string' && !names.has(s.sock)) {
      return fail(i, 'sock', `no earlier step names a socket "${s.sock}" (names come from "as" on BIO_socket, BIO_accept_ex, BIO_accept or BIO_get_accept_socket; BIO_read and BIO_write also take a BIO's name)`);
    }
    const objectError = objectNameError(s, names, steps);
    if (objectError) return fail(i, objectError.field, objectError.message);
    if (typeof s.addr === 'string') {
      for (const m of s.addr.matchAll(PORT_PLACEHOLDER)) {
        if (!names.has(m[1])) return fail(i, 'addr', `{${m[1]}.port} names no earlier socket`);
      }
    }
    if (s.call === 'await' || s.call === 'cancel') {
      if (s.step >= i || !background.has(s.step)) return fail(i, 'step', `step ${s.step} is not an earlier step started with "background": true`);
    }
    if (s.background && (s.call === 'BIO_socket' || s.call === 'BIO_closesocket')) {
      // Allowed but pointless; they never wait. Kept valid: C makes the same call.
    }
    if (lesson && !s.caption) return fail(i, 'caption', 'missing; in a lesson (a file whose steps carry captions or predictions) every step needs a caption: what to say while it runs');
    const overlap = s.prediction ? overlappingChoices(s.prediction) : null;
    if (overlap) return fail(i, 'prediction.choices', overlap);
    if (s.background) background.add(i);
    if (s.as !== undefined) {
      if (names.has(s.as)) return fail(i, 'as', `the name "${s.as}" is already given by step ${names.get(s.as)}; each "as" must be unique in a scenario`);
      names.set(s.as, i);
    }
  }
  return { ok: true, scenario: parsed.data };
}
