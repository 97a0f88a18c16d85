// Step groups: consecutive steps a scenario marks with the same `group` run back to back in the
// engine, sent as one request, so nothing (a window's click, a round trip to the host) lands
// between them. Nagle's stall needs it: the second small write must follow the first while the
// first is still unacknowledged. A group's steps are prepared before any of them runs, which is
// what the rules below protect.
import { PORT_PLACEHOLDER } from './address';
import type { Step } from './steps';

/** The most steps one group holds (one request to the engine). */
export const MAX_GROUP_STEPS = 100;

export interface GroupSpan {
  /** The group's name, or null for a step in no group. */
  name: string | null;
  /** Index of its first step. */
  first: number;
  /** Index of its last step (first when the step is alone). */
  last: number;
}

export interface GroupProblem {
  step: number;
  field: string;
  message: string;
}

const groupOf = (s: Step | undefined): string | null => (s && 'group' in s && typeof s.group === 'string' ? s.group : null);

/** The group a step belongs to: the run of consecutive steps sharing its group name. */
export function groupSpan(steps: readonly Step[], index: number): GroupSpan {
  const name = groupOf(steps[index]);
  if (name === null) return { name, first: index, last: index };
  let first = index;
  let last = index;
  while (first > 0 && groupOf(steps[first - 1]) === name) first--;
  while (last + 1 < steps.length && groupOf(steps[last + 1]) === name) last++;
  return { name, first, last };
}

/** Every group of the scenario, in order (steps in no group are not listed). */
export function stepGroups(steps: readonly Step[]): GroupSpan[] {
  const out: GroupSpan[] = [];
  for (let i = 0; i < steps.length; i++) {
    const span = groupSpan(steps, i);
    if (span.name !== null) out.push(span);
    i = span.last;
  }
  return out;
}

/** What a step of a group may not do: wait on the host's side, or depend on a record the group has not made yet. */
function stepProblems(steps: readonly Step[], span: GroupSpan, i: number): GroupProblem[] {
  const s = steps[i] as Step & { sock?: unknown; addr?: unknown; background?: boolean };
  const out: GroupProblem[] = [];
  const where = `group "${span.name}"`;
  if (s.call === 'await' || s.call === 'cancel') out.push({ step: i, field: 'group', message: `${s.call} cannot be in a group: it waits for a background step, which the engine does not run inside a group` });
  if (s.background) out.push({ step: i, field: 'background', message: `a step of ${where} cannot run in the background: a group's steps run one after another, each to its end` });
  const earlier = steps.slice(span.first, i);
  const opener = earlier.findIndex((t) => 'as' in t && t.as !== undefined && t.as === s.sock);
  if (typeof s.sock === 'string' && opener >= 0) {
    out.push({ step: i, field: 'sock', message: `socket "${s.sock}" is opened by step ${span.first + opener + 1} of the same ${where}; a group's steps are sent together, so use it from a step after the group` });
  }
  for (const m of typeof s.addr === 'string' ? s.addr.matchAll(PORT_PLACEHOLDER) : []) {
    const binder = earlier.findIndex((t) => ('as' in t && t.as === m[1]) || ('sock' in t && t.sock === m[1]));
    if (binder >= 0) out.push({ step: i, field: 'addr', message: `{${m[1]}.port} may change in step ${span.first + binder + 1} of the same ${where}; a group's addresses are filled in before it runs, so use it from a step after the group` });
  }
  return out;
}

/**
 * Why a scenario's groups cannot run as written: a name used again after other steps, scenario
 * control or a background step inside a group, a step using what its own group makes. Steps in
 * messages count from 1, as people read them.
 */
export function groupProblems(steps: readonly Step[]): GroupProblem[] {
  const out: GroupProblem[] = [];
  const seen = new Map<string, GroupSpan>();
  for (const span of stepGroups(steps)) {
    const name = span.name!;
    const before = seen.get(name);
    if (before) out.push({ step: span.first, field: 'group', message: `group "${name}" already ended at step ${before.last + 1}; a group's steps must be consecutive (give this one another name)` });
    seen.set(name, span);
    if (span.last - span.first + 1 > MAX_GROUP_STEPS) out.push({ step: span.first, field: 'group', message: `group "${name}" has ${span.last - span.first + 1} steps; a group holds at most ${MAX_GROUP_STEPS}` });
    const predictions = steps.slice(span.first, span.last + 1).flatMap((t, k) => (t.prediction ? [span.first + k] : []));
    if (predictions.length > 1) out.push({ step: predictions[1], field: 'prediction', message: `group "${name}" already asks a prediction at step ${predictions[0] + 1}; a group asks at most one (the class answers before the whole group runs)` });
    for (let i = span.first; i <= span.last; i++) out.push(...stepProblems(steps, span, i));
  }
  return out;
}

/**
 * The step whose prediction the class answers before the run that starts at `index`: the
 * prediction of the group starting there (any of its steps; a group asks at most one), the step's
 * own otherwise, or null. A window asks it, then runs the whole group.
 */
export function questionBefore(steps: readonly Step[], index: number): number | null {
  const span = groupSpan(steps, index);
  if (span.first !== index) return null; // Inside a group: nothing starts here.
  for (let i = span.first; i <= span.last; i++) if (steps[i]?.prediction) return i;
  return null;
}
